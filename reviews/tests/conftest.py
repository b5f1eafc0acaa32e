"""Fixtures for the reviews tests: cycles opened over the shared test tree."""

import datetime

import pytest
from django.utils import translation

from reviews import services
from reviews.models import CollectiveReview, IndividualReview, ReviewCycle, RuleSet

REFERENCE = datetime.date(2025, 12, 1)


def open_cycle(year=2025, code="QD366", organization=None, **extra):
    cycle = ReviewCycle(
        year=year,
        rule_set=RuleSet.objects.get(code=code),
        organization=organization,
        opened_on=extra.pop("opened_on", datetime.date(year, 11, 1)),
        reference_date=extra.pop("reference_date", datetime.date(year, 12, 1)),
        **extra,
    )
    return services.open_cycle(cycle)


@pytest.fixture
def cycle(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b):
    """The 2025 annual cycle (QĐ 366, scored) over the city."""
    return open_cycle(organization=city)


@pytest.fixture
def review_a(cycle, ward_a):
    return cycle.collective_reviews.get(organization=ward_a)


@pytest.fixture
def review_b(cycle, ward_b):
    return cycle.collective_reviews.get(organization=ward_b)


@pytest.fixture
def individual_a(cycle, member_a):
    return cycle.individual_reviews.get(member=member_a)


FILLED = {
    "strengths": "Hoàn thành các chỉ tiêu nghị quyết.",
    "weaknesses": "Sinh hoạt chi bộ chưa đều.\nQuản lý đất đai còn buông lỏng.",
    "responsibility": "Trách nhiệm thuộc Ban Thường vụ.",
    "directions": "Đổi mới nội dung sinh hoạt.",
}


def fill(review, **changes):
    """Fill the required sections directly (tests of other things than editing)."""
    values = dict(FILLED)
    if review._meta.model_name == "individualreview":
        values.pop("responsibility")
    values.update(changes)
    type(review).objects.filter(pk=review.pk).update(**values)
    review.refresh_from_db()
    return review


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are matched in English here; test_translations checks the Vietnamese."""
    with translation.override("en"):
        yield


def settle_below(review, level="httnv"):
    """Decide every review below ``review``'s organization at ``level``: QĐ 366 rates them before it."""
    if not isinstance(review, CollectiveReview):
        return
    values = {"self_level": level, "proposed_level": level, "decided_level": level}
    below = {"cycle": review.cycle, "organization__path__startswith": review.organization.path, "decided_level": ""}
    IndividualReview.objects.filter(**below).exclude(pk=review.pk).update(**values)
    CollectiveReview.objects.filter(**below).exclude(pk=review.pk).update(**values)


def ready_to_decide(review, level, user, general="30", results="65", proposed=None):
    """Self-assessment at ``level``, the proposal (at ``proposed``, else ``level``), everything below decided."""
    from decimal import Decimal

    from reviews.rating import propose, self_assess

    settle_below(review)
    self_assess(review, level, user, Decimal(general), Decimal(results))
    propose(review, proposed or level, user)
    return review
