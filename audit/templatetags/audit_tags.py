"""``{% change_history obj %}``: the "change history" section of an object page.

The page has already loaded ``obj`` through the access module, so whoever sees
the page may see its history; the section pages on its own query parameter
(``history``), leaving the page's other parameters alone.
"""

import heapq
import itertools
from dataclasses import dataclass

from django import template
from django.db.models import Exists, OuterRef, Q

from audit import display, registry
from audit.models import Action, AuditEvent
from core.params import integer

register = template.Library()

PER_PAGE = 10


@dataclass(frozen=True)
class HistoryPage:
    """A page of the history, known to have a next one without counting every event (a cycle has thousands)."""

    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1


def newest(querysets, start, stop):
    """Events ``start`` to ``stop`` of the union of ``querysets``, newest first.

    Each queryset is read newest first through its own index, at most ``stop`` rows, and the streams merged:
    one query with an OR of both made the planner either walk the whole trail's primary key backwards (1.0-1.5 s
    for a province's member, whose few events are old) or fetch and sort all of a cycle's 5,400 events.
    """
    streams = [queryset.order_by("-id")[:stop] for queryset in querysets]
    merged = heapq.merge(*streams, key=lambda event: -event.id)
    unique = (next(group) for _id, group in itertools.groupby(merged, key=lambda event: event.id))
    return list(itertools.islice(unique, start, stop))


@register.inclusion_tag("audit/includes/_history.html", takes_context=True)
def change_history(context, obj, per_page=PER_PAGE, known=()):
    """``known``: rows the page has already read (its object's parts listed on it), named without reading them again."""
    request = context["request"]
    own, parts = AuditEvent.objects.own_and_parts(obj)
    parts = parts.exclude(action=Action.READ)
    for reach_of in registry.reach:
        # The object's own rows are the page's; a part belonging to another organization (ward B's
        # not-reviewed member on the city's cycle page) only to those who reach that organization.
        # Asked per event read (EXISTS): an IN built the set of every organization in reach first, all
        # 5,670 of a province for its top reader (3 ms), to check the eleven events of a page.
        reached = reach_of(request.user).filter(pk=OuterRef("organization_id"))
        parts = parts.filter(Q(model=obj._meta.label_lower) | Q(organization_id__isnull=True) | Exists(reached))
    own = own.exclude(action=Action.READ)
    number = max(integer(request.GET.get("history"), 1), 1)
    events = newest([own, parts], (number - 1) * per_page, number * per_page + 1)
    if not events and number > 1:  # a page past the end (the history was shorter than the link said): the first
        number, events = 1, newest([own, parts], 0, per_page + 1)
    page = HistoryPage(number, has_next=len(events) > per_page)
    rows = display.rows(events[:per_page], known=[obj, *known])
    for row in rows:
        row.show_record = row.event.model != obj._meta.label_lower
    return {"request": request, "page_obj": page, "rows": rows}
