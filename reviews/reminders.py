"""Reminders for the steps of a review cycle that an organization has not done yet.

One kind per step, each due on the cycle's date for that step (drafts, meetings,
submissions, ratings); cycles without that date and closed cycles remind nothing.
The organization's secretaries are reminded (no owner column), then the ladder
climbs. Links lead to the collective review's pages, which load it through
``accounts.access``.

An ended organization is reminded of nothing, nor is anyone on its behalf: its
committee no longer meets, and its successor reviews itself in its own review
of the cycle (a successor formed by merger is rated like its predecessors). The
ended ward's review stays open as a record of that cycle.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.providers import DueItem, ReminderProvider, registry, url_maker
from organizations.models import not_ended
from reviews import notices
from reviews.models import CollectiveReview, CycleStatus, ReviewStatus

NOT_SUBMITTED = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class CycleStepProvider(ReminderProvider):
    """A collective review whose ``due_field`` step is not done; subclasses say what "done" is."""

    model = CollectiveReview
    due_field = ""
    url_name = "reviews:collective_detail"

    @property
    def deadline_field(self):
        return f"cycle__{self.due_field}"

    def not_done(self):
        raise NotImplementedError

    def open_items(self):
        return (
            CollectiveReview.objects.filter(
                self.not_done(), not_ended(timezone.localdate()), cycle__status=CycleStatus.OPEN
            )
            .exclude(**{f"{self.deadline_field}__isnull": True})
            .select_related("cycle", "organization")
            .only("pk", "organization__name", "cycle__year", "cycle__kind", "cycle__number", self.deadline_field)
        )

    def describe_rows(self, rows):
        url, label = url_maker(self.url_name), str(self.label)
        return [
            DueItem(
                object_id=row.pk,
                organization_id=row.organization_id,
                deadline=getattr(row.cycle, self.due_field),
                title=f"{label}: {row.organization.name} ({row.cycle})",
                url=url(row.pk),
            )
            for row in rows
        ]

    def describe(self, obj):
        return self.describe_rows([obj])[0]


def _sections_missing():
    missing = Q(pk__in=[])
    for name in CollectiveReview.REQUIRED_SECTIONS:
        missing |= Q(**{name: ""})
    return missing


class DraftProvider(CycleStepProvider):
    """The draft is written when its required sections are filled (or it has moved on in the workflow)."""

    kind = "reviews.draft"
    label = _("Collective review draft")
    due_field = "drafts_due"
    url_name = "reviews:collective_edit"

    def not_done(self):
        return Q(status=ReviewStatus.DRAFT) & _sections_missing()


class MeetingProvider(CycleStepProvider):
    """The meeting is done once its record exists (a submitted review had its meeting)."""

    kind = "reviews.meeting"
    label = _("Review meeting")
    due_field = "meetings_due"
    url_name = "reviews:meeting"

    def not_done(self):
        return Q(status__in=NOT_SUBMITTED, meeting__isnull=True)


class SubmissionProvider(CycleStepProvider):
    kind = "reviews.submission"
    label = _("Collective review submission")
    due_field = "submissions_due"

    def not_done(self):
        return Q(status__in=NOT_SUBMITTED)


class RatingProvider(CycleStepProvider):
    """The organization's part of rating: its self-assessed level (unless the cycle does not rate it)."""

    kind = "reviews.rating"
    label = _("Collective self-assessment and rating")
    due_field = "ratings_due"

    def not_done(self):
        return Q(is_rated=True, self_level="", decided_level="")


for provider in (DraftProvider(), MeetingProvider(), SubmissionProvider(), RatingProvider()):
    registry.register(provider)

# The notices of reviews/notices.py that no provider follows: each is resolved when the next step is taken.
registry.register_event_kind(notices.TO_ACCEPT, _("Collective review waiting for acceptance"))
registry.register_event_kind(notices.MEMBERS_TO_ACCEPT, _("Individual reviews waiting for acceptance"))
registry.register_event_kind(notices.RETURNED, _("Review returned for changes"))
registry.register_event_kind(notices.ACCEPTED, _("Review accepted"))
