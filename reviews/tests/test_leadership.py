"""Leadership collectives reviewed in a cycle, and a leader's two reviews (Hướng dẫn 43 §2: "ở 2 nơi")."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from core.workflow import SubmissionAction, SubmissionStatus
from members.models import BodyKind, LeadershipBody, LeadershipSeat, MemberStatus
from reviews import services
from reviews.models import LeaderReview, LeadershipReview
from reviews.tests.conftest import fill, open_cycle
from tests.factories import make_member, make_user
from tests.refusals import assert_refused

SEATED = datetime.date(2015, 10, 1)


@pytest.fixture
def leader(branch_a):
    return make_member(
        branch_a, full_name="Phạm Văn Lãnh", is_leader=True, works_in_political_system=True, party_position="Bí thư"
    )


@pytest.fixture
def standing(city, leader):
    body = LeadershipBody.objects.create(organization=city, kind=BodyKind.STANDING, name="Ban Thường vụ Thành ủy")
    LeadershipSeat.objects.create(body=body, member=leader, title="Bí thư Thành ủy", position=1, start=SEATED)
    return body


@pytest.fixture
def ward_committee(ward_a, leader, member_a):
    body = LeadershipBody.objects.create(organization=ward_a, kind=BodyKind.EXECUTIVE, name="Đảng ủy phường")
    LeadershipSeat.objects.create(body=body, member=member_a, title="Ủy viên", position=3, start=SEATED)
    return body


def _submitted(review):
    fill(review)
    services.move(review, SubmissionAction.SUBMIT, None)
    review.refresh_from_db()
    return review


def test_opening_reviews_the_committees_own_collective_and_each_grassroots_one(city, standing, ward_committee, leader):
    cycle = open_cycle(organization=city)
    assert set(cycle.leadership_reviews.values_list("body__name", flat=True)) == {
        "Ban Thường vụ Thành ủy",
        "Đảng ủy phường",
    }
    at_collective = LeaderReview.objects.get(cycle=cycle, member=leader)
    assert at_collective.title == "Bí thư Thành ủy"
    assert at_collective.branch_review == cycle.individual_reviews.get(member=leader)


def test_a_leader_has_one_review_per_place_and_still_one_review_as_a_member(city, standing, ward_committee, leader):
    LeadershipSeat.objects.create(body=ward_committee, member=leader, title="Bí thư", position=1, start=SEATED)
    cycle = open_cycle(organization=city)
    assert cycle.individual_reviews.filter(member=leader).count() == 1
    assert LeaderReview.objects.filter(cycle=cycle, member=leader).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        LeaderReview.objects.create(
            leadership_review=LeadershipReview.objects.get(cycle=cycle, body=standing),
            cycle=cycle,
            organization=standing.organization,
            member=leader,
        )


def test_a_seat_ended_before_the_reference_date_or_a_member_not_reviewed_gets_no_review_there(city, standing, member_b):
    # the reference date is 01/12/2025; a seat's end is the first day without it
    LeadershipSeat.objects.create(
        body=standing, member=member_b, title="Ủy viên", start=SEATED, end=datetime.date(2025, 12, 1)
    )
    still = make_member(member_b.organization, full_name="Đỗ Văn Còn", works_in_political_system=True)
    LeadershipSeat.objects.create(
        body=standing, member=still, title="Ủy viên", start=SEATED, end=datetime.date(2025, 12, 2)
    )
    excused = make_member(member_b.organization, status=MemberStatus.EXCUSED)
    LeadershipSeat.objects.create(body=standing, member=excused, title="Ủy viên", start=SEATED)
    cycle = open_cycle(organization=city)
    assert set(LeaderReview.objects.filter(cycle=cycle).values_list("member__full_name", flat=True)) == {
        "Phạm Văn Lãnh",
        "Đỗ Văn Còn",
    }


def test_collective_first_the_chi_bo_cannot_accept_a_leaders_review_before_the_collectives_comments(
    city, standing, leader
):
    cycle = open_cycle(year=2018, code="QD132", organization=city)
    at_branch = _submitted(cycle.individual_reviews.get(member=leader))
    at_collective = LeaderReview.objects.get(cycle=cycle, member=leader)
    LeaderReview.objects.filter(pk=at_collective.pk).update(collective_comments="  \n ")
    assert_refused(
        lambda: services.move(at_branch, SubmissionAction.ACCEPT, None),
        "chưa có nhận xét của tập thể lãnh đạo (Ban Thường vụ Thành ủy)",
    )
    LeaderReview.objects.filter(pk=at_collective.pk).update(collective_comments="Đồng chí gương mẫu, quyết liệt.")
    services.move(at_branch, SubmissionAction.ACCEPT, None)
    at_branch.refresh_from_db()
    assert at_branch.status == SubmissionStatus.ACCEPTED


def test_collective_first_a_member_without_a_seat_is_accepted_as_before(city, standing, member_a):
    cycle = open_cycle(year=2018, code="QD132", organization=city)
    review = _submitted(cycle.individual_reviews.get(member=member_a))
    services.move(review, SubmissionAction.ACCEPT, None)
    assert review.__class__.objects.get(pk=review.pk).status == SubmissionStatus.ACCEPTED


def test_chi_bo_first_the_collective_accepts_a_leaders_review_only_after_the_chi_bo(city, standing, leader):
    cycle = open_cycle(organization=city)  # QĐ 366 / Hướng dẫn 43: the chi bộ first
    at_branch = _submitted(cycle.individual_reviews.get(member=leader))
    at_collective = _submitted(LeaderReview.objects.get(cycle=cycle, member=leader))
    assert_refused(
        lambda: services.move(at_collective, SubmissionAction.ACCEPT, None),
        "được kiểm điểm ở chi bộ trước",
    )
    services.move(at_branch, SubmissionAction.ACCEPT, None)  # no collective comments needed first
    services.move(at_collective, SubmissionAction.ACCEPT, None)
    at_collective.refresh_from_db()
    assert at_collective.status == SubmissionStatus.ACCEPTED


def test_the_collectives_review_goes_through_the_workflow(city, standing):
    cycle = open_cycle(organization=city)
    review = _submitted(LeadershipReview.objects.get(cycle=cycle, body=standing))
    services.move(review, SubmissionAction.ACCEPT, None)
    review.refresh_from_db()
    assert review.status == SubmissionStatus.ACCEPTED
    assert review.versions().count() == 2


# ---------------------------------------------------------------- pages and access


def test_the_city_staff_see_the_committees_collective_and_its_members(login, city, city_staff, standing, leader):
    cycle = open_cycle(organization=city)
    client = login(city_staff)
    page = client.get(f"/reviews/cycles/{cycle.pk}/leadership/").content.decode()
    assert "Ban Thường vụ Thành ủy" in page
    review = LeadershipReview.objects.get(cycle=cycle, body=standing)
    page = client.get(f"/reviews/leadership/{review.pk}/").content.decode()
    assert "Phạm Văn Lãnh" in page and "Bí thư Thành ủy" in page
    at_collective = LeaderReview.objects.get(cycle=cycle, member=leader)
    assert client.get(f"/reviews/leader/{at_collective.pk}/").status_code == 200
    assert client.get(f"/reviews/leadership/{review.pk}/rating/").status_code == 404


def test_another_wards_secretary_gets_404_and_the_wards_own_secretary_may_edit_but_not_accept(
    login, city, ward_committee, secretary_a, secretary_b
):
    cycle = open_cycle(organization=city)
    review = _submitted(LeadershipReview.objects.get(cycle=cycle, body=ward_committee))
    assert login(secretary_b).get(f"/reviews/leadership/{review.pk}/").status_code == 404
    client = login(secretary_a)
    assert client.get(f"/reviews/leadership/{review.pk}/").status_code == 200
    assert client.post(f"/reviews/leadership/{review.pk}/accept/").status_code == 403
    assert LeadershipReview.objects.get(pk=review.pk).status == SubmissionStatus.SUBMITTED


def test_the_chi_bo_review_of_a_leader_shows_the_collectives_comments(login, city, standing, leader, secretary_a):
    cycle = open_cycle(organization=city)
    LeaderReview.objects.filter(member=leader).update(collective_comments="Cần sâu sát cơ sở hơn.")
    page = login(secretary_a).get(f"/reviews/individual/{cycle.individual_reviews.get(member=leader).pk}/")
    assert "Cần sâu sát cơ sở hơn." in page.content.decode()


def test_the_delegation_is_recorded_and_a_future_date_is_refused_with_nothing_saved(login, city, city_staff, standing):
    cycle = open_cycle(year=2024, code="QD124", organization=city)
    review = LeadershipReview.objects.get(cycle=cycle, body=standing)
    client = login(city_staff)
    form = {"directed_by": "Đồng chí Phó Bí thư Tỉnh ủy", "delegation": "Ban Tổ chức Tỉnh ủy", "held_on": "01/01/2099"}
    page = client.post(f"/reviews/leadership/{review.pk}/delegation/", form)
    assert page.status_code == 200
    assert LeadershipReview.objects.get(pk=review.pk).directed_by == ""
    form["held_on"] = "20/12/2024"
    assert client.post(f"/reviews/leadership/{review.pk}/delegation/", form).status_code == 302
    review.refresh_from_db()
    assert (review.held_on, review.directed_by) == (datetime.date(2024, 12, 20), "Đồng chí Phó Bí thư Tỉnh ủy")


def test_a_standing_member_may_read_but_not_record_the_delegation(login, city, ward_committee, ward_a):
    cycle = open_cycle(organization=city)
    review = LeadershipReview.objects.get(cycle=cycle, body=ward_committee)
    client = login(make_user("tv", Role.STANDING_MEMBER, ward_a))
    assert client.get(f"/reviews/leadership/{review.pk}/").status_code == 200
    assert client.post(f"/reviews/leadership/{review.pk}/delegation/", {"directed_by": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("code", "collective_first"), [("HD27", True), ("QD132", True), ("QD124", True), ("QD366", False)]
)
def test_which_place_reviews_a_leader_first_is_each_regimes_data(db, code, collective_first):
    from reviews.models import RuleSet

    assert RuleSet.objects.get(code=code).rules.collective_first is collective_first


def test_a_ward_secretary_gets_404_on_the_city_committees_collective_and_its_leaders(
    login, city, standing, leader, secretary_a
):
    cycle = open_cycle(organization=city)
    client = login(secretary_a)
    collective = LeadershipReview.objects.get(cycle=cycle, body=standing)
    at_collective = LeaderReview.objects.get(cycle=cycle, member=leader)
    assert client.get(f"/reviews/leadership/{collective.pk}/").status_code == 404
    assert client.get(f"/reviews/leader/{at_collective.pk}/edit/").status_code == 404
    assert client.post(f"/reviews/leader/{at_collective.pk}/submit/").status_code == 404
    assert "Ban Thường vụ Thành ủy" not in client.get(f"/reviews/cycles/{cycle.pk}/leadership/").content.decode()
