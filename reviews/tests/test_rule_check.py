"""``reviews.rule_check``: the rules run over stored ratings find what the three steps would have refused."""

from reviews import rule_check
from reviews.models import CollectiveReview, Discipline, IndividualReview
from reviews.tests.conftest import open_cycle
from reviews.tests.test_rating import _peers


def _decided(review, level, **values):
    type(review).objects.filter(pk=review.pk).update(
        self_level=level, proposed_level=level, decided_level=level, **values
    )


def test_ratings_written_through_the_rules_have_no_violation(cycle, review_a, individual_a):
    _decided(individual_a, "httnv", general_score=25, results_score=55)
    assert rule_check.violations(cycle) == []


def test_a_grassroots_organization_over_its_quota_is_found(cycle, branch_a):
    _peers(cycle, branch_a, 18, "httnv")
    _peers(cycle, branch_a, 6, "htxsnv")
    IndividualReview.objects.filter(cycle=cycle).update(
        self_level="x", proposed_level="x", general_score=30, results_score=65
    )
    found = [str(v) for v in rule_check.violations(cycle)]
    assert any("6 at “htxsnv” against 18 at “httnv” (over 20%)" in v for v in found), found


def test_a_level_written_past_the_rules_is_found(cycle, review_a, individual_a):
    _decided(individual_a, "httnv", general_score=30, results_score=65, discipline=Discipline.REPRIMAND)
    _decided(review_a, "htnv")  # no score, members and branches not rated
    found = [str(v) for v in rule_check.violations(cycle)]
    assert any("disqualifier" in v for v in found)
    assert any("without the 100-point score" in v for v in found)
    assert any("before the members and subordinate organizations" in v for v in found)


def test_an_hd_27_organization_rated_above_weak_with_a_trigger_is_found(city, ward_a, ward_b, branch_a, branch_b):
    cycle = open_cycle(year=2017, code="HD27", organization=city)
    review = cycle.collective_reviews.get(organization=ward_a)
    _decided(review, "tsvm", leadership_disunity=True)
    assert [v.review for v in rule_check.violations(cycle)] == [CollectiveReview.objects.get(pk=review.pk)]
