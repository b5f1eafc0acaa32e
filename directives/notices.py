"""Who is told of each step of a directive, once, after the step commits: the people who must act next.

* issued: the secretaries of each target organization (they write the explanation report);
* report submitted or resubmitted: the city staff who decide on it (accept or return);
* report returned: the secretaries (they revise it);
* report accepted: who writes the conclusion, and the secretaries (the answer to their report).

People are found through ``accounts.access`` (who holds the permission at the
organization); the person who acted is never told. A notice about a report
waiting for the secretary is of the reminder kind ``directives.explanation``,
so the sweep resolves it once the report is submitted; the others are resolved
here when their step is taken.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from core.workflow import SubmissionStatus
from notifications.services import notify, resolve

TO_WRITE = "directives.explanation"  # the reminder kind of a report the organization owes (directives/reminders.py)
TO_DECIDE = "directives.decision"
TO_CONCLUDE = "directives.conclusion"
OUTCOME = "directives.outcome"


def _secretaries(organization):
    return access.holders("explanation.edit", organization).filter(
        role_assignments__organization=organization, role_assignments__role=Role.SECRETARY
    )


def _tell(recipients, kind, report, title, event, actor=None):
    notify(
        recipients,
        kind,
        report,
        organization_id=report.organization_id,
        url=reverse("directives:report", args=[report.pk]),
        title=lambda: title() % {"directive": report.directive, "organization": report.organization},
        deadline=report.directive.report_deadline,
        event=event,
        exclude=[actor],
    )


def issued(directive, actor=None):
    for report in directive.reports.select_related("organization", "directive"):
        _tell(
            _secretaries(report.organization),
            TO_WRITE,
            report,
            lambda: _("Directive issued: %(directive)s. Write the explanation report of %(organization)s."),
            "issued",
            actor,
        )


def report_moved(report, version, actor=None):
    """Tell who acts next after ``version`` (a submission, a return or an acceptance) of ``report``."""
    status = version.status_after
    event = f"{status}-{version.number}"
    if status in (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED):
        resolve(report, TO_WRITE)
        _tell(
            access.holders("explanation.decide", report.organization),
            TO_DECIDE,
            report,
            lambda: _("Explanation report to accept or return: %(organization)s – %(directive)s."),
            event,
            actor,
        )
    elif status == SubmissionStatus.RETURNED:
        resolve(report, TO_DECIDE)
        _tell(
            _secretaries(report.organization),
            TO_WRITE,
            report,
            lambda: _("Explanation report returned for changes: %(directive)s. See the reasons next to each item."),
            event,
            actor,
        )
    elif status == SubmissionStatus.ACCEPTED:
        resolve(report, TO_DECIDE)
        _tell(
            _secretaries(report.organization),
            OUTCOME,
            report,
            lambda: _("Explanation report accepted: %(directive)s."),
            event,
            actor,
        )
        _tell(
            access.holders("directive.conclude", report.organization),
            TO_CONCLUDE,
            report,
            lambda: _("Write the conclusion on the explanation of %(organization)s – %(directive)s."),
            event,
            actor,
        )


def concluded(report):
    resolve(report, TO_CONCLUDE)
