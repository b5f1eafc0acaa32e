"""A provider used by the tests only: collective reviews still in draft, due on their cycle's reference date.

It stands in for the real providers (review steps, directives, commitments) that
other apps register; its deadline lives in the database, so a Celery worker in
another process sees the same items as the test.
"""

from notifications.providers import DueItem, ReminderProvider
from reviews.models import CollectiveReview, ReviewStatus


class ReviewSubmissionProvider(ReminderProvider):
    kind = "tests.review_submission"
    label = "Collective review submission"
    model = CollectiveReview
    deadline_field = "cycle__reference_date"

    def open_items(self):
        return CollectiveReview.objects.filter(status=ReviewStatus.DRAFT).select_related("cycle", "organization")

    def describe(self, obj):
        return DueItem(
            object_id=obj.pk,
            organization_id=obj.organization_id,
            deadline=obj.cycle.reference_date,
            title=f"Kiểm điểm tập thể {obj.organization.name}",
            url=f"/organizations/{obj.organization_id}/",
            owner_ids=(),
        )
