"""Reminders for the review cycle's steps (draft, meeting, submission, rating) not done by an organization."""

import datetime

import pytest

from notifications.models import Delivery, Step
from notifications.tests.helpers import DAY, sweep_on
from reviews.models import CycleStatus, MeetingRecord, ReviewStatus
from reviews.tests.conftest import fill, open_cycle

DUE = datetime.date(2025, 11, 20)
STEPS = ("reviews.draft", "reviews.meeting", "reviews.submission", "reviews.rating")


@pytest.fixture
def cycle(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, secretary_a, secretary_b):
    return open_cycle(organization=city, drafts_due=DUE, meetings_due=DUE, submissions_due=DUE, ratings_due=DUE)


@pytest.fixture
def review_a(cycle, ward_a):
    return cycle.collective_reviews.get(organization=ward_a)


@pytest.mark.parametrize("kind", ["reviews.draft", "reviews.meeting", "reviews.submission", "reviews.rating"])
def test_each_step_reminds_the_secretary_seven_days_before_and_not_earlier(cycle, review_a, secretary_a, kind):
    assert (review_a.pk, Step.BEFORE, secretary_a.pk) not in sweep_on(DUE - 8 * DAY, kind)
    assert (review_a.pk, Step.BEFORE, secretary_a.pk) in sweep_on(DUE - 7 * DAY, kind)


@pytest.mark.parametrize("kind", ["reviews.draft", "reviews.meeting", "reviews.submission", "reviews.rating"])
def test_each_step_reminds_only_the_organizations_own_secretary(cycle, review_a, secretary_a, secretary_b, kind):
    recorded = {(step, user) for pk, step, user in sweep_on(DUE, kind) if pk == review_a.pk}
    assert recorded == {(Step.ON_DAY, secretary_a.pk)}


def test_the_draft_step_is_due_just_after_local_midnight_of_its_day(cycle, review_a, secretary_a):
    # 00:30 in Hà Nội is still the day before in UTC.
    assert (review_a.pk, Step.ON_DAY, secretary_a.pk) in sweep_on(DUE, "reviews.draft", hour=0, minute=30)


def test_a_written_draft_is_not_reminded(cycle, review_a, secretary_a):
    fill(review_a)
    assert not {row for row in sweep_on(DUE, "reviews.draft") if row[0] == review_a.pk}


def test_a_recorded_meeting_is_not_reminded(cycle, review_a):
    MeetingRecord.objects.create(review=review_a, held_on=DUE - DAY)
    assert not {row for row in sweep_on(DUE, "reviews.meeting") if row[0] == review_a.pk}


@pytest.mark.parametrize("status", [ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED])
def test_a_submitted_review_is_not_reminded_to_submit_or_to_meet(cycle, review_a, status):
    type(review_a).objects.filter(pk=review_a.pk).update(status=status)
    for kind in ("reviews.submission", "reviews.meeting"):
        assert not {row for row in sweep_on(DUE, kind) if row[0] == review_a.pk}


def test_a_returned_review_is_reminded_to_submit_again(cycle, review_a, secretary_a):
    type(review_a).objects.filter(pk=review_a.pk).update(status=ReviewStatus.RETURNED)
    assert (review_a.pk, Step.ON_DAY, secretary_a.pk) in sweep_on(DUE, "reviews.submission")


def test_a_self_assessed_or_unrated_review_is_not_reminded_to_rate(cycle, review_a, ward_b, secretary_b):
    review_b = cycle.collective_reviews.get(organization=ward_b)
    assert {pk for pk, _step, _user in sweep_on(DUE - DAY, "reviews.rating")} >= {review_a.pk, review_b.pk}
    type(review_a).objects.filter(pk=review_a.pk).update(self_level="good")
    type(review_b).objects.filter(pk=review_b.pk).update(is_rated=False)
    assert {pk for pk, _step, _user in sweep_on(DUE, "reviews.rating")} & {review_a.pk, review_b.pk} == set()


def test_a_closed_cycle_reminds_nothing(cycle, review_a):
    type(cycle).objects.filter(pk=cycle.pk).update(status=CycleStatus.CLOSED)
    for kind in ("reviews.draft", "reviews.meeting", "reviews.submission", "reviews.rating"):
        assert sweep_on(DUE, kind) == set()


def test_a_step_without_a_date_reminds_nothing(cycle, review_a):
    type(cycle).objects.filter(pk=cycle.pk).update(meetings_due=None)
    assert sweep_on(DUE, "reviews.meeting") == set()


def test_an_ended_organization_is_not_reminded_of_its_review(cycle, review_a, ward_b, secretary_a, secretary_b):
    review_b = cycle.collective_reviews.get(organization=ward_b)
    review_a.organization.close(DUE - 30 * DAY)
    sweep_on(DUE, "reviews.draft")  # one sweep records every kind
    reminded = Delivery.objects.filter(kind__startswith="reviews.").values_list("kind", "object_id").distinct()
    assert set(reminded) == {(kind, review_b.pk) for kind in STEPS}
