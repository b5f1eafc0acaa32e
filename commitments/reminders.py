"""Reminders for remediation commitments: their deadline, extension decisions and verification.

Three kinds of deadline live here:

* ``commitments.deadline``: a commitment still being worked on (open, in progress
  or reopened) by its current deadline. The accountable user is reminded (the
  organization's secretaries when there is none). Reporting it completed stops it.
* ``commitments.extension``: an extension request waiting for a decision, due by
  the deadline it would move; the deciders (Inspection Committee and city staff
  at or above the organization) are reminded, never the requester.
* ``commitments.verification``: a commitment reported completed and waiting for
  the Inspection Committee's verdict, due ``VERIFY_WITHIN_DAYS`` after the report;
  the inspectors at or above the organization are reminded.

Deciders and inspectors are found for a whole chunk of rows at once through the
escalation ladder's cache (two queries per chunk). Every link is the commitment
page, which loads it through ``accounts.access``. An ended organization is not
reminded: its successor answers for what it handed over.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ACTIVE_STATUSES, Commitment, CommitmentStatus, ExtensionRequest, ExtensionStatus
from notifications.ladder import Ladder
from notifications.providers import DueItem, ReminderProvider, registry, url_maker
from organizations.models import not_ended

VERIFY_WITHIN_DAYS = 14
# What describing reads: the sweep fetches these columns only (not the texts, not the search index).
DESCRIBED_FIELDS = ("pk", "organization_id", "organization__name", "deadline", "measure")


def _title(label, commitment):
    return f"{label}: {commitment.organization.name} – {commitment.measure[:120]}"


def _label(provider):
    """The label translated once per chunk, not once per row."""
    return str(provider.label)


class CommitmentDeadlineProvider(ReminderProvider):
    kind = "commitments.deadline"
    label = _("Commitment deadline")
    model = Commitment
    deadline_field = "deadline"  # index commitment_status_deadline

    def list_url(self):
        return reverse("commitments:list") + "?overdue=on"

    def open_items(self):
        return (
            Commitment.objects.filter(not_ended(timezone.localdate()), status__in=ACTIVE_STATUSES)
            .select_related("organization")
            .only(*DESCRIBED_FIELDS, "accountable_user_id")
        )

    def describe_rows(self, rows):
        url, label = url_maker("commitments:detail"), _label(self)
        return [
            DueItem(
                object_id=row.pk,
                organization_id=row.organization_id,
                deadline=row.deadline,
                title=_title(label, row),
                url=url(row.pk),
                owner_ids=(row.accountable_user_id,) if row.accountable_user_id else (),
            )
            for row in rows
        ]

    def describe(self, obj):
        return self.describe_rows([obj])[0]


class ExtensionDecisionProvider(ReminderProvider):
    kind = "commitments.extension"
    label = _("Extension request waiting for a decision")
    model = ExtensionRequest
    # Pending requests are few (at most one per commitment); no index of their own.
    deadline_field = "previous_deadline"
    schedule_defaults = {"days_before": [3, 1]}

    def open_items(self):
        return (
            ExtensionRequest.objects.filter(
                not_ended(timezone.localdate(), via="commitment__organization"), status=ExtensionStatus.PENDING
            )
            .exclude(commitment__status=CommitmentStatus.VERIFIED)
            .select_related("commitment__organization")
        )

    def describe_rows(self, rows):
        ladder = Ladder()
        ladder.preload({row.commitment.organization_id for row in rows})
        url, label = url_maker("commitments:detail"), _label(self)
        items = []
        for row in rows:
            commitment = row.commitment
            deciders = ladder.inspection_and_city(commitment.organization_id)
            deciders = tuple(pk for pk in deciders if pk != row.requested_by_id)
            items.append(
                DueItem(
                    object_id=row.pk,
                    organization_id=commitment.organization_id,
                    deadline=row.previous_deadline,
                    title=_title(label, commitment),
                    url=url(commitment.pk),
                    owner_ids=deciders,
                )
            )
        return items

    def describe(self, obj):
        return self.describe_rows([obj])[0]


class VerificationProvider(ReminderProvider):
    kind = "commitments.verification"
    label = _("Completed commitment waiting for verification")
    model = Commitment
    # Due VERIFY_WITHIN_DAYS after the report: filtered on the report time (index commitment_queue).
    deadline_field = "reported_completed_at"
    schedule_defaults = {"days_before": [3]}

    def open_items(self):
        return (
            Commitment.objects.filter(
                not_ended(timezone.localdate()),
                status=CommitmentStatus.REPORTED_COMPLETED,
                reported_completed_at__isnull=False,
            )
            .select_related("organization")
            .only(*DESCRIBED_FIELDS, "reported_completed_at")
        )

    def due_queryset(self, horizon):
        # deadline = local report day + N <= horizon  ⇔  reported before local midnight starting day horizon - N + 1.
        first_day_not_due = horizon - datetime.timedelta(days=VERIFY_WITHIN_DAYS - 1)
        cutoff = timezone.make_aware(datetime.datetime.combine(first_day_not_due, datetime.time.min))
        return self.open_items().filter(reported_completed_at__lt=cutoff)

    @staticmethod
    def deadline_of(reported_at):
        return timezone.localdate(reported_at) + datetime.timedelta(days=VERIFY_WITHIN_DAYS)

    def describe_rows(self, rows):
        ladder = Ladder()
        ladder.preload({row.organization_id for row in rows})
        url, label = url_maker("commitments:detail"), _label(self)
        return [
            DueItem(
                object_id=row.pk,
                organization_id=row.organization_id,
                deadline=self.deadline_of(row.reported_completed_at),
                title=_title(label, row),
                url=url(row.pk),
                owner_ids=ladder.inspection(row.organization_id),
            )
            for row in rows
        ]

    def describe(self, obj):
        return self.describe_rows([obj])[0]

    def open_deadlines(self, object_ids):
        rows = self.open_items().filter(pk__in=list(object_ids)).values_list("pk", "reported_completed_at")
        return {(pk, self.deadline_of(reported_at)) for pk, reported_at in rows}


for provider in (CommitmentDeadlineProvider(), ExtensionDecisionProvider(), VerificationProvider()):
    registry.register(provider)
