"""Reminders for explanation reports: a target organization answering an issued directive by its deadline.

An explanation report is open while it is a draft or was returned for changes;
submitting it (or its acceptance) ends the reminders, and so does revoking the
directive. The organization's secretaries are reminded first (reports have no
owner column). The link is the report page, loaded through ``accounts.access``. An ended
organization is not reminded: its successor answers for what it handed over.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives import notices
from directives.models import OWED_STATES, DirectiveStatus, ExplanationReport
from notifications.providers import DueItem, ReminderProvider, registry
from organizations.models import not_ended


class ExplanationReportProvider(ReminderProvider):
    kind = notices.TO_WRITE
    label = _("Explanation report for an in-depth review directive")
    model = ExplanationReport
    # Directives are few; the join to them is cheap without an index of its own.
    deadline_field = "directive__report_deadline"

    def open_items(self):
        return ExplanationReport.objects.filter(
            not_ended(timezone.localdate()),
            directive__status=DirectiveStatus.ISSUED,
            directive__report_deadline__isnull=False,
            status__in=OWED_STATES,
        ).select_related("directive", "organization", "origin_organization")

    def describe(self, obj):
        directive = obj.directive
        # A successor answering for two merged wards owes two reports of one directive: the title says whose.
        named = f" ({obj.origin_organization.name})" if obj.origin_organization_id else ""
        return DueItem(
            object_id=obj.pk,
            organization_id=obj.organization_id,
            deadline=directive.report_deadline,
            title=f"{self.label}: {directive} – {obj.organization.name}{named}",
            url=reverse("directives:report", args=[obj.pk]),
        )


registry.register(ExplanationReportProvider())
# The notices of directives/notices.py that no provider follows.
registry.register_event_kind(notices.TO_DECIDE, _("Explanation report waiting for a decision"))
registry.register_event_kind(notices.TO_CONCLUDE, _("Explanation report waiting for a conclusion"))
registry.register_event_kind(notices.OUTCOME, _("Explanation report accepted"))
