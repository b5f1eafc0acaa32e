"""Section III and the top level read the commitments: carried over when a cycle opens, assessed by the reviewer.

A commitment from an earlier cycle that is not verified appears in section III
of its owner's new review (the organization's collective review, the member's
individual review) and keeps the owner from the top level until it is verified.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from commitments import services as commitment_services
from commitments.models import CarryOverItem, CommitmentStatus, SourceKind, VerificationOutcome
from core.errors import DomainError
from reviews.rating import decide, propose
from reviews.tests.conftest import open_cycle, ready_to_decide
from reviews.tests.test_rating import _peers
from tests.factories import make_organization


def _commit(source, user, measure="Sinh hoạt chi bộ đúng định kỳ"):
    kind = SourceKind.COLLECTIVE_REVIEW if source._meta.model_name == "collectivereview" else "individual_review"
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    rows = [{"shortcoming": "Sinh hoạt chi bộ chưa đều", "measure": measure, "deadline": deadline}]
    return commitment_services.create_commitments(kind, source, rows, user)[0]


def _verify(commitment, secretary, inspector):
    commitment_services.report_completed(commitment, secretary, "Đã sinh hoạt đủ 12 kỳ")
    commitment_services.verify(commitment, inspector, VerificationOutcome.VERIFIED, "Có chuyển biến rõ")


@pytest.fixture
def earlier(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b):
    """The 2024 cycle (QĐ 124) over the city."""
    return open_cycle(year=2024, code="QD124", organization=city)


def test_opening_a_cycle_carries_unverified_commitments_into_section_three_of_the_owners_reviews(
    earlier, ward_a, ward_b, member_a, city, city_staff, secretary_a, secretary_b, inspector
):
    open_a = _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    reported_a = _commit(earlier.collective_reviews.get(organization=ward_a), city_staff, measure="Đã báo cáo")
    commitment_services.report_completed(reported_a, secretary_a, "Xong")
    verified_b = _commit(earlier.collective_reviews.get(organization=ward_b), city_staff)
    _verify(verified_b, secretary_b, inspector)
    member_one = _commit(earlier.individual_reviews.get(member=member_a), city_staff, measure="Gương mẫu hơn")

    new = open_cycle(year=2025, organization=city)

    review_a = new.collective_reviews.get(organization=ward_a)
    items = CarryOverItem.objects.filter(collective_review=review_a).order_by("commitment_id")
    assert [(i.commitment, i.status_at_carry_over) for i in items] == [
        (open_a, CommitmentStatus.OPEN),
        (reported_a, CommitmentStatus.REPORTED_COMPLETED),
    ]
    assert not CarryOverItem.objects.filter(commitment=verified_b).exists()
    individual = new.individual_reviews.get(member=member_a)
    assert [i.commitment for i in CarryOverItem.objects.filter(individual_review=individual)] == [member_one]
    assert CarryOverItem.objects.filter(cycle=new).count() == 3


def test_collective_review_page_shows_section_three_and_the_reviewers_assessment(
    login, earlier, ward_a, city, city_staff, secretary_a
):
    _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    new = open_cycle(year=2025, organization=city)
    review = new.collective_reviews.get(organization=ward_a)
    item = CarryOverItem.objects.get(collective_review=review)
    client = login(secretary_a)
    url = reverse("reviews:collective_detail", args=[review.pk])
    page = client.get(url).content.decode()
    assert 'id="carry-over-items"' in page
    assert "Sinh hoạt chi bộ đúng định kỳ" in page and "Đang mở" in page
    assess = reverse("commitments:carry_over_assess", args=[item.pk])
    assert assess in page
    response = client.post(assess, {"assessment": "in_progress", "degree": "60"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Đang khắc phục (60%)" in page


def test_individual_review_page_shows_the_members_carried_over_commitments(
    login, earlier, member_a, city, city_staff, secretary_a
):
    _commit(earlier.individual_reviews.get(member=member_a), city_staff, measure="Gương mẫu trong sinh hoạt")
    new = open_cycle(year=2025, organization=city)
    review = new.individual_reviews.get(member=member_a)
    page = login(secretary_a).get(reverse("reviews:individual_detail", args=[review.pk])).content.decode()
    assert 'id="carry-over-items"' in page and "Gương mẫu trong sinh hoạt" in page


def test_a_read_only_role_sees_section_three_without_the_assess_button(
    login, earlier, ward_a, city, city_staff, inspector
):
    _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    new = open_cycle(year=2025, organization=city)
    item = CarryOverItem.objects.get(cycle=new)
    page = login(inspector).get(reverse("reviews:collective_detail", args=[item.collective_review_id])).content
    assert "Sinh hoạt chi bộ đúng định kỳ" in page.decode()
    assert reverse("commitments:carry_over_assess", args=[item.pk]) not in page.decode()


# Phụ lục 1 scored line by line: 30 + 65 points.
PL1_95 = {
    "self-criterion_1.A1": "10",
    "self-criterion_1.A2": "10",
    "self-criterion_1.A3": "10",
    "self-criterion_1.B1": "35",
    "self-criterion_1.B2": "20",
    "self-criterion_1.B3": "10",
}


def _organization_peers(cycle, count, level):
    from reviews.models import CollectiveReview

    for _ in range(count):
        CollectiveReview.objects.create(
            cycle=cycle, organization=make_organization(parent=cycle.organization), decided_level=level
        )


def test_top_level_is_refused_while_an_earlier_commitment_is_open_and_given_once_verified(
    earlier, ward_a, city, city_staff, secretary_a, inspector
):
    commitment = _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    cycle = open_cycle(year=2025, organization=city)
    review = cycle.collective_reviews.get(organization=ward_a)
    _organization_peers(cycle, 5, "httnv")
    ready_to_decide(review, "httnv", secretary_a)
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        decide(review, "htxsnv", city_staff)
    assert "Hoàn thành xuất sắc nhiệm vụ" in str(refused.value)
    assert "khi còn cam kết từ đợt trước chưa được thẩm định" in str(refused.value)
    review.refresh_from_db()
    assert review.decided_level == ""

    _verify(commitment, secretary_a, inspector)
    decide(review, "htxsnv", city_staff)
    review.refresh_from_db()
    assert review.decided_level == "htxsnv"


def test_a_members_open_earlier_commitment_keeps_the_member_not_the_organization_from_the_top_level(
    earlier, ward_a, member_a, city, city_staff, secretary_a, inspector
):
    commitment = _commit(earlier.individual_reviews.get(member=member_a), city_staff)
    cycle = open_cycle(year=2025, organization=city)
    individual = cycle.individual_reviews.get(member=member_a)
    _peers(cycle, member_a.organization, 10, "httnv")
    ready_to_decide(individual, "httnv", secretary_a)
    with pytest.raises(DomainError, match="earlier cycle is not verified"):
        decide(individual, "htxsnv", city_staff)
    review = cycle.collective_reviews.get(organization=ward_a)
    _organization_peers(cycle, 5, "httnv")
    ready_to_decide(review, "htxsnv", secretary_a)
    decide(review, "htxsnv", city_staff)
    _verify(commitment, secretary_a, inspector)
    decide(individual, "htxsnv", city_staff)


def test_a_commitment_of_the_same_cycle_does_not_block_the_top_level(cycle, review_a, city_staff, secretary_a):
    _commit(review_a, city_staff)
    _organization_peers(cycle, 5, "httnv")
    ready_to_decide(review_a, "htxsnv", secretary_a)
    decide(review_a, "htxsnv", city_staff)


def test_rating_page_says_the_top_level_is_not_possible_while_a_commitment_is_open(
    login, earlier, ward_a, city, city_staff
):
    _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    cycle = open_cycle(year=2025, organization=city)
    review = cycle.collective_reviews.get(organization=ward_a)
    page = login(city_staff).get(reverse("reviews:rate", args=["collective", review.pk])).content.decode()
    assert "Một cam kết từ đợt trước chưa được thẩm định" in page


def test_the_top_level_is_refused_at_every_step_on_the_page_that_says_it_is_not_possible(
    login, earlier, ward_a, city, city_staff, secretary_a
):
    """The self-assessment and the proposal give the same one refusal as the decision, next to the level."""
    _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    cycle = open_cycle(year=2025, organization=city)
    review = cycle.collective_reviews.get(organization=ward_a)
    response = login(secretary_a).post(
        reverse("reviews:rate_step", args=["collective", review.pk, "self"]),
        {"self-level": "htxsnv", **PL1_95},
    )
    assert response.status_code == 200
    form = response.context["forms"]["self"]
    assert list(form.errors) == ["level"] and len(form.errors["level"]) == 1
    assert "chưa được thẩm định" in form.errors["level"][0]
    type(review).objects.filter(pk=review.pk).update(self_level="httnv")
    review.refresh_from_db()
    with pytest.raises(DomainError, match="chưa được thẩm định|earlier cycle is not verified"):
        propose(review, "htxsnv", city_staff)
    review.refresh_from_db()
    assert (review.self_level, review.proposed_level, review.general_score) == ("httnv", "", None)
