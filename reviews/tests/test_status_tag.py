"""``{% review_status %}``: a review's status as a badge coloured by its step in the workflow."""

import pytest
from django.template import engines
from django.utils import translation

from core.workflow import SubmissionStatus
from reviews.models import CollectiveReview


@pytest.mark.parametrize(
    ("status", "badge"),
    [
        (SubmissionStatus.ACCEPTED, "bg-success"),
        (SubmissionStatus.RETURNED, "bg-danger"),
        (SubmissionStatus.DRAFT, "bg-secondary"),
        (SubmissionStatus.SUBMITTED, "bg-primary"),
        (SubmissionStatus.RESUBMITTED, "bg-primary"),
    ],
)
def test_each_status_has_its_badge_and_its_label(status, badge):
    review = CollectiveReview(status=status)
    template = engines["django"].from_string("{% load review_status %}{% review_status review %}")
    with translation.override("vi"):
        html = template.render({"review": review})
        label = review.get_status_display()
    assert html == f'<span class="badge {badge}" data-status="{status}">{label}</span>'
