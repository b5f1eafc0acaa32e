import datetime
from decimal import Decimal

import pytest

from core.errors import DomainError
from members.models import Member, Membership
from organizations.models import Sector
from reviews.models import CollectiveReview, Discipline, IndividualReview
from reviews.rating import decide, propose, self_assess
from reviews.tests.conftest import open_cycle, ready_to_decide, settle_below
from tests.factories import make_organization


def test_self_assessment_records_scores_and_level(review_a, secretary_a):
    self_assess(review_a, "httnv", secretary_a, Decimal("25"), Decimal("60"))
    review_a.refresh_from_db()
    assert (review_a.total_score, review_a.self_level, review_a.rating_step) == (Decimal("85"), "httnv", "self")


@pytest.mark.parametrize("general,results", [("31", "60"), ("-1", "60"), ("20", "70.5"), (None, "60")])
def test_a_score_outside_its_range_is_refused_and_nothing_changes(review_a, secretary_a, general, results):
    with pytest.raises(DomainError, match="0"):
        self_assess(review_a, "htnv", secretary_a, general and Decimal(general), Decimal(results))
    review_a.refresh_from_db()
    assert (review_a.general_score, review_a.results_score, review_a.self_level) == (None, None, "")


def test_a_level_not_in_the_rule_set_is_refused(review_a, secretary_a, city_staff):
    with pytest.raises(DomainError, match="tsvm"):
        self_assess(review_a, "tsvm", secretary_a, Decimal("25"), Decimal("60"))
    with pytest.raises(DomainError):
        decide(review_a, "tsvm", city_staff)
    review_a.refresh_from_db()
    assert review_a.decided_level == ""


@pytest.mark.parametrize(
    "total,best",
    [("49.9", "khtnv"), ("50", "htnv"), ("69.9", "htnv"), ("70", "httnv"), ("89.9", "httnv"), ("90", "htxsnv")],
)
def test_the_decision_cannot_be_better_than_the_score_band(review_a, secretary_a, city_staff, total, best):
    _organization_peers(review_a.cycle, 5, "httnv")
    results = Decimal(total) - Decimal("20")
    self_assess(review_a, best, secretary_a, Decimal("20"), results)
    propose(review_a, best, secretary_a)
    settle_below(review_a)
    assert review_a.computed_level() == best
    rules = review_a.cycle.rules
    better = rules.rank("organization", best) - 1
    if better >= 0:
        with pytest.raises(DomainError, match="allows at best"):
            decide(review_a, rules.levels("organization")[better].code, city_staff)
    decide(review_a, best, city_staff)
    review_a.refresh_from_db()
    assert review_a.decided_level == best


@pytest.mark.parametrize(
    "discipline,degradation", [(Discipline.REPRIMAND, False), (Discipline.EXPULSION, False), ("", True)]
)
def test_a_disqualifier_forces_the_lowest_level_whatever_the_score(
    individual_a, secretary_a, city_staff, discipline, degradation
):
    self_assess(individual_a, "htxsnv", secretary_a, Decimal("30"), Decimal("68"))
    with pytest.raises(DomainError, match="disqualifier"):
        propose(individual_a, "httnv", secretary_a, discipline=discipline, degradation_concluded=degradation)
    individual_a.refresh_from_db()
    assert individual_a.proposed_level == ""
    IndividualReview.objects.filter(pk=individual_a.pk).update(
        discipline=discipline, degradation_concluded=degradation, proposed_level="khtnv"
    )
    individual_a.refresh_from_db()
    assert individual_a.computed_level() == "khtnv"
    with pytest.raises(DomainError, match="disqualifier"):
        decide(individual_a, "htnv", city_staff)
    decide(individual_a, "khtnv", city_staff)


def _organization_peers(cycle, count, level):
    """``count`` ward organizations of the cycle already decided at ``level``."""
    for _ in range(count):
        organization = make_organization(parent=cycle.organization)
        CollectiveReview.objects.create(cycle=cycle, organization=organization, decided_level=level)


def test_an_organization_is_counted_among_organizations_of_its_sector(review_a, secretary_a, city_staff):
    _organization_peers(review_a.cycle, 4, "httnv")
    other = make_organization(parent=review_a.cycle.organization, sector=Sector.SCHOOL)
    CollectiveReview.objects.create(cycle=review_a.cycle, organization=other, decided_level="httnv")
    ready_to_decide(review_a, "htxsnv", secretary_a)
    with pytest.raises(DomainError, match="against 4"):
        decide(review_a, "htxsnv", city_staff)


def _peers(cycle, branch, count, level):
    """``count`` members of ``branch`` with individual reviews already decided at ``level``."""
    start = Member.objects.count()
    members = Member.objects.bulk_create(
        Member(
            full_name=f"Đảng viên {start + i}",
            sex="male",
            date_of_birth=datetime.date(1980, 1, 1),
            card_number=f"Q{start + i:07d}",
            admission_date=datetime.date(2000, 1, 1),
            organization=branch,
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(member=m, organization=branch, start=m.admission_date) for m in members)
    IndividualReview.objects.bulk_create(
        IndividualReview(cycle=cycle, member=m, organization=branch, form="2C", decided_level=level) for m in members
    )


def _top_candidate(individual_a, secretary_a):
    return ready_to_decide(individual_a, "htxsnv", secretary_a)


def test_the_quota_accepts_a_decision_that_reaches_exactly_20_percent(
    cycle, branch_a, individual_a, secretary_a, city_staff
):
    _peers(cycle, branch_a, 100, "httnv")
    _peers(cycle, branch_a, 19, "htxsnv")
    decide(_top_candidate(individual_a, secretary_a), "htxsnv", city_staff)
    assert IndividualReview.objects.filter(cycle=cycle, decided_level="htxsnv").count() == 20


def test_the_quota_refuses_a_decision_that_would_reach_21_percent_and_shows_the_numbers(
    cycle, branch_a, individual_a, secretary_a, city_staff
):
    _peers(cycle, branch_a, 100, "httnv")
    _peers(cycle, branch_a, 20, "htxsnv")
    with pytest.raises(DomainError) as refused:
        decide(_top_candidate(individual_a, secretary_a), "htxsnv", city_staff)
    message = str(refused.value)
    assert "21" in message and "100" in message and "21.0%" in message and "20%" in message
    individual_a.refresh_from_db()
    assert individual_a.decided_level == ""


def test_the_raised_quota_allows_25_percent(cycle, branch_a, individual_a, secretary_a, city_staff):
    _peers(cycle, branch_a, 100, "httnv")
    _peers(cycle, branch_a, 20, "htxsnv")
    decide(_top_candidate(individual_a, secretary_a), "htxsnv", city_staff, quota_raised=True)


def test_the_quota_counts_only_the_peer_group(cycle, branch_a, branch_b, individual_a, secretary_a, city_staff):
    _peers(cycle, branch_a, 4, "httnv")
    _peers(cycle, branch_b, 100, "httnv")
    with pytest.raises(DomainError, match="Quota"):
        decide(_top_candidate(individual_a, secretary_a), "htxsnv", city_staff)


def test_a_member_is_rated_before_the_organization_with_no_warning(cycle, individual_a, city_staff, secretary_a):
    """QĐ 366 Art. 12: the members first; main used to warn that the collective should come first."""
    ready_to_decide(individual_a, "htnv", secretary_a, "20", "40")
    assert decide(individual_a, "htnv", city_staff) == []
    individual_a.refresh_from_db()
    assert individual_a.decided_level == "htnv"


def test_under_qd_366_an_organization_is_not_decided_before_its_members_and_branches(
    cycle, review_a, secretary_a, city_staff
):
    self_assess(review_a, "htnv", secretary_a, Decimal("20"), Decimal("40"))
    propose(review_a, "htnv", secretary_a)
    with pytest.raises(DomainError, match=r"1 member\(s\) and 1 organization\(s\) below are not rated yet"):
        decide(review_a, "htnv", city_staff)
    review_a.refresh_from_db()
    assert review_a.decided_level == ""
    settle_below(review_a)
    assert decide(review_a, "htnv", city_staff) == []


def test_a_branch_not_rated_in_the_cycle_does_not_hold_the_organization_back(cycle, review_a, secretary_a, city_staff):
    settle_below(review_a)
    branch = CollectiveReview.objects.get(cycle=cycle, organization__parent=review_a.organization)
    CollectiveReview.objects.filter(pk=branch.pk).update(decided_level="", is_rated=False)
    self_assess(review_a, "htnv", secretary_a, Decimal("20"), Decimal("40"))
    propose(review_a, "htnv", secretary_a)
    decide(review_a, "htnv", city_staff)


def test_under_qd_132_rating_a_higher_level_before_its_branches_and_members_only_warns(
    city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, secretary_a, city_staff
):
    cycle = open_cycle(year=2019, code="QD132", organization=city)
    review = cycle.collective_reviews.get(organization=ward_a)
    self_assess(review, "htnv", secretary_a)
    propose(review, "htnv", secretary_a)
    warnings = [str(w) for w in decide(review, "htnv", city_staff)]
    assert warnings == [
        "1 lower-level organization(s) are not rated yet; lower levels should be rated first.",
        "1 member(s) of the organization are not rated yet; members should be rated first.",
    ]
    review.refresh_from_db()
    assert review.decided_level == "htnv"


def test_an_organization_not_rated_this_cycle_cannot_be_rated(cycle, review_a, city_staff):
    type(review_a).objects.filter(pk=review_a.pk).update(is_rated=False, not_rated_reason="Mới thành lập")
    review_a.refresh_from_db()
    with pytest.raises(DomainError, match="Mới thành lập"):
        decide(review_a, "htnv", city_staff)
