"""Each step of a review tells who acts next, once, never the actor; the next step takes it out of the unread count."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import Role
from core.workflow import SubmissionAction
from notifications.models import Notification
from reviews import notices, services
from reviews.tests.conftest import fill, open_cycle
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def unread(user):
    return Notification.objects.for_user(user).unread()


def counts(*users):
    return [unread(user).count() for user in users]


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """Run a workflow step and its on-commit notices, as a request would."""

    def run(review, action, user, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return services.move(review, action, user, **extra)

    return run


def test_a_collective_review_tells_the_acceptor_then_the_secretary_then_the_submitter(
    review_a, secretary_a, secretary_b, city_staff, inspector, step
):
    fill(review_a)
    step(review_a, SubmissionAction.SUBMIT, secretary_a)
    assert counts(city_staff, secretary_a, secretary_b, inspector) == [1, 0, 0, 0]
    assert unread(city_staff).get().kind == notices.TO_ACCEPT

    step(review_a, SubmissionAction.RETURN, city_staff, reasons={"strengths": "Chưa nêu số liệu."})
    assert counts(city_staff, secretary_a) == [0, 1]  # the "to accept" row is done; the return reaches the secretary
    assert unread(secretary_a).get().kind == notices.RETURNED

    step(review_a, SubmissionAction.SUBMIT, secretary_a)  # resubmitted
    assert counts(city_staff, secretary_a) == [1, 0]

    step(review_a, SubmissionAction.ACCEPT, city_staff)
    assert counts(city_staff, secretary_a, secretary_b, inspector) == [0, 1, 0, 0]
    assert unread(secretary_a).get().kind == notices.ACCEPTED
    assert Notification.objects.filter(user=city_staff).count() == 2  # submitted, resubmitted: once each


def test_a_step_reported_twice_tells_each_person_once(
    review_a, secretary_a, city_staff, step, django_capture_on_commit_callbacks
):
    fill(review_a)
    version = step(review_a, SubmissionAction.SUBMIT, secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        notices.moved(review_a, version, secretary_a)
    assert Notification.objects.filter(user=city_staff).count() == 1


def test_the_acceptor_who_submits_is_not_told_and_a_rolled_back_step_tells_nobody(
    review_a, secretary_a, city_staff, django_capture_on_commit_callbacks
):
    fill(review_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.move(review_a, SubmissionAction.SUBMIT, city_staff)
    assert Notification.objects.count() == 0  # city staff submitted it and accept it themselves

    review_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.move(review_a, SubmissionAction.RETURN, city_staff, reasons={"strengths": "Bổ sung."})
        raise RuntimeError("the step fails after the return")
    assert Notification.objects.count() == 0


def test_fifteen_individual_reviews_give_their_acceptor_one_row_that_counts_them(
    city, ward_a, branch_a, secretary_a, city_staff, step
):
    for number in range(15):
        make_member(branch_a, full_name=f"Đảng viên {number}")
    cycle = open_cycle(organization=city)
    reviews = list(
        cycle.individual_reviews.filter(organization=branch_a).select_related("member", "cycle", "organization")
    )
    assert len(reviews) == 15
    for review in reviews:
        fill(review)
        step(review, SubmissionAction.SUBMIT, city_staff)
    # The ward secretary is the nearest who accepts members' reviews: one row, not 15; city staff are not asked.
    assert counts(secretary_a, city_staff) == [1, 0]
    row = unread(secretary_a).get()
    assert row.kind == notices.MEMBERS_TO_ACCEPT
    assert "15" in row.title
    assert row.url == reverse(
        "reviews:collective_detail", args=[cycle.collective_reviews.get(organization=branch_a).pk]
    )

    for review in reviews[:14]:
        step(review, SubmissionAction.ACCEPT, secretary_a)
    row.refresh_from_db()
    assert row.read_at is None and "1" in row.title and "15" not in row.title
    assert counts(city_staff) == [14]  # each submitter hears the acceptance of their review

    step(reviews[14], SubmissionAction.RETURN, secretary_a, reasons={"strengths": "Bổ sung."})
    assert counts(secretary_a) == [0]  # nothing left to accept: the row leaves the unread count
    assert Notification.objects.filter(user=secretary_a).count() == 1


def test_a_branch_secretary_who_submits_their_members_reviews_floods_nobody(
    city, branch_a, secretary_a, city_staff, step
):
    branch_secretary = make_user("bithu_chibo", Role.SECRETARY, branch_a)
    for number in range(5):
        make_member(branch_a, full_name=f"Đảng viên {number}")
    cycle = open_cycle(organization=city)
    for review in cycle.individual_reviews.filter(organization=branch_a).select_related(
        "member", "cycle", "organization"
    ):
        fill(review)
        step(review, SubmissionAction.SUBMIT, branch_secretary)
    # The branch secretary accepts them; neither the ward secretary nor city staff are asked.
    assert counts(branch_secretary, secretary_a, city_staff) == [0, 0, 0]


def test_a_returned_individual_review_goes_to_the_members_own_account_else_the_secretary(
    individual_a, member_b, cycle, secretary_a, secretary_b, city_staff, step
):
    member_user = make_user("dangvien_hoa", None, None)
    member_user.member = individual_a.member
    member_user.save(update_fields=["member"])
    fill(individual_a)
    step(individual_a, SubmissionAction.SUBMIT, secretary_a)
    step(individual_a, SubmissionAction.RETURN, city_staff, reasons={"strengths": "Bổ sung."})
    assert counts(member_user, secretary_a) == [1, 0]
    assert unread(member_user).get().kind == notices.RETURNED

    step(individual_a, SubmissionAction.SUBMIT, secretary_a)
    assert counts(member_user) == [0]  # resubmitted: the return notice is done

    other = cycle.individual_reviews.select_related("member", "cycle", "organization").get(member=member_b)
    fill(other)
    step(other, SubmissionAction.SUBMIT, secretary_b)
    step(other, SubmissionAction.RETURN, city_staff, reasons={"strengths": "Bổ sung."})
    assert unread(secretary_b).get().kind == notices.RETURNED


def test_the_views_tell_who_acts_next(review_a, secretary_a, city_staff, login, django_capture_on_commit_callbacks):
    fill(review_a)
    client = login(secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:act", args=["collective", review_a.pk, "submit"]))
    assert counts(city_staff) == [1]
    client = login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:return", args=["collective", review_a.pk]), {"note": "", "reason_strengths": "x"})
    review_a.refresh_from_db()
    assert review_a.status == "returned"
    assert counts(city_staff, secretary_a) == [0, 1]
