"""``{% change_history obj %}``: the "change history" section of an object page.

The page has already loaded ``obj`` through the access module, so whoever sees
the page may see its history; the section pages on its own query parameter
(``history``), leaving the page's other parameters alone.
"""

from django import template
from django.core.paginator import Paginator
from django.db.models import F, Q

from audit import display, registry
from audit.models import Action, AuditEvent
from core.params import integer

register = template.Library()

PER_PAGE = 10


@register.inclusion_tag("audit/includes/_history.html", takes_context=True)
def change_history(context, obj, per_page=PER_PAGE):
    request = context["request"]
    events = AuditEvent.objects.about(obj).exclude(action=Action.READ)
    for reach_of in registry.reach:
        # The object's own rows are the page's; a part belonging to another organization (ward B's
        # not-reviewed member on the city's cycle page) only to those who reach that organization.
        events = events.filter(
            Q(model=obj._meta.label_lower)
            | Q(organization_id__isnull=True)
            | Q(organization_id__in=reach_of(request.user))
        )
    # Newest first, by an expression rather than the column: ordered by "-id" the planner walks the
    # primary key of the whole trail backwards until ten rows match (1.0-1.5 s for a province's member);
    # by an expression it takes the object's few rows from its own indexes and sorts them.
    events = events.order_by((F("id") + 0).desc())
    page = Paginator(events, per_page).get_page(integer(request.GET.get("history"), 1))
    rows = display.rows(page.object_list, known=[obj])
    for row in rows:
        row.show_record = row.event.model != obj._meta.label_lower
    return {"request": request, "page_obj": page, "rows": rows}
