"""The audit log: every recorded change (and unmasked read) in the user's reach, filtered, and its export.

City staff and the Inspection Committee read it (``audit.view``). A row belongs
to the organization its trigger named (``AuditEvent.organization_id``); rows
with none (rule sets, reminder schedules, accounts) are shown to every reader
of the log. The page and the Excel export apply the same filter form.
"""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from audit import display, registry
from audit.models import Action, AuditEvent
from core.exports import Column, field_label
from core.filters import FilterForm
from organizations.forms import DATE_WIDGET, OrganizationPicker
from organizations.models import Organization
from reports.registry import register


def _kind_choices():
    kinds = sorted(
        ((spec.label, str(spec.model._meta.verbose_name).capitalize()) for spec in registry.tracked()),
        key=lambda pair: pair[1],
    )
    return [("", _("All kinds of records")), *kinds]


class AuditFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    actor = forms.CharField(label=_("By"), required=False, max_length=150)
    organization = OrganizationPicker(label=_("Organization"), required=False)
    model = forms.ChoiceField(label=_("Kind of record"), required=False, choices=())
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    lookups = {"model": "model", "action": "action"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].pick(user)
        self.fields["model"].choices = _kind_choices()
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in ("model", "action") else "form-control"

    def filter_q(self, queryset, text):
        """The words in the actor's name, the address or the request id; a number is a record's id."""
        text = text.strip()
        found = Q(actor__icontains=text) | Q(address__startswith=text) | Q(request_id__startswith=text)
        if text.isascii() and text.isdigit() and len(text) <= 18:
            found |= Q(object_id=int(text))
        return queryset.filter(found)

    def filter_actor(self, queryset, actor):
        return queryset.filter(actor__icontains=actor.strip())

    def filter_organization(self, queryset, organization):
        """An organization covers its sub-tree."""
        return queryset.filter(organization_id__in=Organization.objects.subtree_of(organization).values("pk"))

    def filter_date_from(self, queryset, day):
        return queryset.filter(at__gte=_start_of(day))

    def filter_date_to(self, queryset, day):
        return queryset.filter(at__lt=_start_of(day + datetime.timedelta(days=1)))


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def scoped_events(user):
    """The events ``user`` may read in the log: 403 without ``audit.view``; else the rows of their reach.

    Rows that belong to no organization (user accounts, rule sets, schedules) are read only by those who
    reach the whole tree: a ward's inspection must not read other wards' accounts through them.
    """
    access.require_anywhere(user, "audit.view")
    reach = access.scope(Organization.objects.all(), user, via="")
    if not Organization.objects.exclude(pk__in=reach.values("pk")).exists():
        return AuditEvent.objects.all()  # the whole tree (city staff at the top): no filter to count through
    return AuditEvent.objects.filter(organization_id__in=reach.values("pk"))


def events_for(user, params):
    return AuditFilterForm(params, user=user).filter(scoped_events(user)).order_by("-id")


def _changes_text(event):
    return "; ".join(
        f"{label}: {after}" if event.action == Action.CREATE else f"{label}: {before} → {after}"
        for label, before, after in display.rows([event], with_records=False, with_names=False)[0].changes
    )


AUDIT_COLUMNS = (
    Column(field_label(AuditEvent, "at"), lambda event: timezone.localtime(event.at).replace(tzinfo=None), width=18),
    Column(field_label(AuditEvent, "actor"), "actor", width=24),
    Column(field_label(AuditEvent, "address"), "address", width=16),
    Column(field_label(AuditEvent, "action"), "get_action_display", width=12),
    Column(field_label(AuditEvent, "model"), lambda event: display.kind_of(event.model), width=24),
    Column(_("Record number"), "object_id", width=12),
    Column(_("Changes"), _changes_text, width=80),
    Column(field_label(AuditEvent, "request_id"), "request_id", width=34),
)

register(
    "audit",
    events_for,
    AUDIT_COLUMNS,
    title=_("Audit log"),
    filters=tuple(AuditFilterForm.base_fields),
)
