"""The reviews' roll-ups (``reviews.summaries``) match a direct count at every organization, after every kind of write.

Each test ends with ``mismatches()`` (the root conftest checks it after every test too) and,
where it says what a reader sees, compares the roll-up's sum for a sub-tree with the rows
counted one by one.
"""

import datetime
import itertools

import pytest
from django.db.models import Count, Sum

from organizations.models import OrganizationKind
from reviews import board
from reviews.models import (
    CollectiveReview,
    CollectiveReviewRollup,
    IndividualReview,
    IndividualReviewRollup,
    MeetingRecord,
)
from reviews.summaries import COLLECTIVE_REVIEW_ROLLUP, INDIVIDUAL_REVIEW_ROLLUP
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


def _member_levels_under(cycle, organization):
    rows = IndividualReviewRollup.objects.filter(cycle=cycle, ancestor=organization)
    return dict(rows.values_list("decided_level").annotate(n=Sum("total")))


def _direct_member_levels(cycle, organization):
    rows = IndividualReview.objects.filter(cycle=cycle, organization_path__startswith=organization.path)
    return dict(rows.order_by().values_list("decided_level").annotate(n=Count("pk")))


def _steps_under(cycle, organization):
    rows = CollectiveReviewRollup.objects.filter(cycle=cycle, ancestor=organization)
    counts = dict(rows.values_list("step").annotate(n=Sum("total")))
    return {code: counts.get(code, 0) for code in ["total", *board.STEP_CONDITIONS]} | {"total": sum(counts.values())}


def _board_steps(cycle, organization):
    rows = CollectiveReview.objects.filter(
        cycle=cycle,
        organization_path__startswith=organization.path,
        organization__kind__in=[OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL],
    )
    return board.step_counts(rows)


def _no_drift():
    assert INDIVIDUAL_REVIEW_ROLLUP.mismatches() == {}
    assert COLLECTIVE_REVIEW_ROLLUP.mismatches() == {}


def test_opening_a_cycle_counts_its_reviews_at_every_organization_above_them(cycle, city, ward_a, branch_a):
    assert _member_levels_under(cycle, city) == {"": 2}
    assert _member_levels_under(cycle, ward_a) == {"": 1}
    assert _member_levels_under(cycle, branch_a) == {"": 1}
    # The wards are grassroots organizations: the city counts both, each ward itself; the branches none.
    assert _steps_under(cycle, city)["not_started"] == 2
    assert _steps_under(cycle, ward_a)["not_started"] == 1
    assert not CollectiveReviewRollup.objects.filter(ancestor=branch_a).exists()
    _no_drift()


def test_updates_bulk_updates_and_deletes_keep_every_ancestors_counts(cycle, city, ward_a, ward_b, branch_a):
    for index in range(3):
        make_member(branch_a, full_name=f"Nguyễn Văn {index}")
    IndividualReview.objects.filter(cycle=cycle).update(status="accepted", decided_level="htnv")
    CollectiveReview.objects.filter(cycle=cycle, organization=ward_b).update(decided_level="httnv")
    assert _member_levels_under(cycle, city) == {"htnv": 2}
    assert _steps_under(cycle, city)["rated"] == 1
    review = IndividualReview.objects.get(cycle=cycle, organization=branch_a)
    review.decided_level = "httnv"
    review.save()
    assert _member_levels_under(cycle, ward_a) == {"httnv": 1}
    assert _member_levels_under(cycle, city) == _direct_member_levels(cycle, city) == {"htnv": 1, "httnv": 1}
    IndividualReview.objects.filter(cycle=cycle, organization=branch_a).delete()
    assert not IndividualReviewRollup.objects.filter(cycle=cycle, ancestor=ward_a).exists()  # emptied rows go
    _no_drift()


def test_the_step_sql_puts_every_review_in_the_step_the_board_puts_it(city, ward_a):
    """Every combination of status, meeting, texts and rating: the roll-up's steps are the board's counts."""
    from reviews.tests.conftest import open_cycle

    cycle = open_cycle(organization=city)
    statuses = ["draft", "submitted", "resubmitted", "returned", "accepted"]
    for status, met, written, rated in itertools.product(statuses, [False, True], [False, True], [False, True]):
        review = CollectiveReview.objects.create(
            cycle=cycle,
            organization=make_organization(parent=ward_a, kind=OrganizationKind.GRASSROOTS_CELL),
            status=status,
            strengths="Đã viết" if written else "",
            decided_level="httnv" if rated else "",
        )
        if met:
            MeetingRecord.objects.create(review=review, held_on=datetime.date(2025, 12, 5))
    assert _steps_under(cycle, ward_a) == _board_steps(cycle, ward_a)
    assert _steps_under(cycle, city) == _board_steps(cycle, city)
    _no_drift()


def test_a_meeting_record_moves_the_review_to_the_meeting_step_and_back(cycle, city, review_a):
    meeting = MeetingRecord.objects.create(review=review_a, held_on=datetime.date(2025, 12, 5))
    assert _steps_under(cycle, city)["meeting_held"] == 1
    assert _steps_under(cycle, city) == _board_steps(cycle, city)
    meeting.delete()
    assert _steps_under(cycle, city)["meeting_held"] == 0
    _no_drift()


def test_an_organization_that_stops_being_grassroots_leaves_the_collective_counts(cycle, city, ward_a):
    ward_a.kind = OrganizationKind.SUB_COMMITTEE
    ward_a.save()
    assert _steps_under(cycle, city)["total"] == 1
    assert not CollectiveReviewRollup.objects.filter(ancestor=ward_a).exists()
    ward_a.kind = OrganizationKind.GRASSROOTS_CELL
    ward_a.save()
    assert _steps_under(cycle, city) == _board_steps(cycle, city)
    _no_drift()


def test_a_move_rewrites_the_places_of_the_cycles_after_it_and_their_counts_follow(
    cycle, city, ward_a, ward_b, branch_b
):
    """The cycle's reference date (1 December 2025) is after the move: its records follow branch B under ward A."""
    from organizations import services as organizations

    day = datetime.date(2025, 11, 20)
    basis = organizations.Basis(number="12-QĐ/TU", date=day, issuer="Thành ủy Nam Định")
    organizations.move(branch_b, ward_a, day, basis)
    assert _member_levels_under(cycle, ward_a) == {"": 2}
    assert not IndividualReviewRollup.objects.filter(cycle=cycle, ancestor=ward_b).exists()
    assert _member_levels_under(cycle, city) == {"": 2}
    _no_drift()


def test_deleting_a_cycle_leaves_no_roll_up_rows(cycle):
    from reviews.models import ReviewCycle

    MeetingRecord.objects.create(review=cycle.collective_reviews.first(), held_on=datetime.date(2025, 12, 5))
    ReviewCycle.objects.filter(pk=cycle.pk).delete()
    assert not IndividualReviewRollup.objects.exists()
    assert not CollectiveReviewRollup.objects.exists()
    _no_drift()


def test_members_not_reviewed_are_counted_by_reason_at_every_organization_above(
    cycle, city, ward_a, branch_a, branch_b, city_staff
):
    from reports.figures.reviews import not_reviewed
    from reviews.models import NotReviewedMember, NotReviewedRollup
    from reviews.summaries import NOT_REVIEWED_ROLLUP

    for branch, reason in ((branch_a, "Ốm"), (branch_a, "Ốm"), (branch_b, "Đi học")):
        member = make_member(branch)
        NotReviewedMember.objects.create(cycle=cycle, member=member, organization=branch, reason=reason)
    counts = {row["reason"]: row["count"] for row in not_reviewed(cycle, city_staff)}
    assert counts == {"Ốm": 2, "Đi học": 1}
    assert dict(NotReviewedRollup.objects.filter(ancestor=ward_a).values_list("reason", "total")) == {"Ốm": 2}
    NotReviewedMember.objects.filter(organization=branch_a).update(reason="Đi học")
    assert {row["reason"]: row["count"] for row in not_reviewed(cycle, city_staff)} == {"Đi học": 3}
    NotReviewedMember.objects.filter(organization=branch_b).delete()
    assert {row["reason"]: row["count"] for row in not_reviewed(cycle, city_staff, ward_a)} == {"Đi học": 2}
    assert NOT_REVIEWED_ROLLUP.mismatches() == {}
