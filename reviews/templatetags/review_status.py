"""``{% review_status review %}``: a review's workflow status as a coloured badge.

A tag, not an included template: the cycle board and a collective review's member list show one a row,
and an included template a row was a millisecond of rendering a page of 25.
"""

from django import template
from django.utils.html import format_html

from core.workflow import SubmissionStatus

register = template.Library()

BADGES = {
    SubmissionStatus.ACCEPTED: "bg-success",
    SubmissionStatus.RETURNED: "bg-danger",
    SubmissionStatus.DRAFT: "bg-secondary",
}


@register.simple_tag
def review_status(review):
    badge = BADGES.get(review.status, "bg-primary")
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>', badge, review.status, review.get_status_display()
    )
