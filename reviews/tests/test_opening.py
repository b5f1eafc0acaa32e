import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from core import bulk
from core.errors import DomainError
from members.models import MemberStatus
from organizations.models import OrganizationKind
from reviews.models import CollectiveReview, IndividualReview, NotReviewedMember, ReviewCycle, RuleSet
from reviews.tests.conftest import open_cycle
from tests.factories import make_member, make_organization


def in_vietnamese(msgid):
    with translation.override("vi"):
        return translation.gettext(msgid)


def test_opening_creates_a_collective_review_for_every_grassroots_organization_and_branch(
    city, ward_a, ward_b, branch_a, branch_b
):
    group = make_organization("Tổ đảng 1", parent=branch_a, kind=OrganizationKind.PARTY_GROUP)
    closed = make_organization("Đảng bộ đã giải thể", parent=city, valid_to=datetime.date(2024, 1, 1))
    later = make_organization("Đảng bộ mới lập", parent=city, valid_from=datetime.date(2026, 1, 1))
    cycle = open_cycle(organization=city)
    reviewed = set(cycle.collective_reviews.values_list("organization__name", flat=True))
    assert reviewed == {ward_a.name, ward_b.name, branch_a.name, branch_b.name}
    assert not {city.name, group.name, closed.name, later.name} & reviewed


def test_an_organization_younger_than_six_months_is_listed_as_not_rated_with_the_reason(city, ward_a):
    young = make_organization("Chi bộ cơ sở mới", parent=city, valid_from=datetime.date(2025, 6, 2))
    six_months = make_organization("Chi bộ cơ sở đủ 6 tháng", parent=city, valid_from=datetime.date(2025, 6, 1))
    cycle = open_cycle(organization=city)
    review = cycle.collective_reviews.get(organization=young)
    assert not review.is_rated
    assert review.not_rated_reason == in_vietnamese("Organization founded less than 6 months before the reference date")
    assert cycle.collective_reviews.get(organization=six_months).is_rated
    assert cycle.collective_reviews.get(organization=ward_a).is_rated


def test_eligible_members_get_an_individual_review_with_their_form(city, branch_a, ward_a):
    leader = make_member(ward_a, is_leader=True, works_in_political_system=True, party_position="Bí thư")
    official = make_member(branch_a, works_in_political_system=True)
    retired = make_member(branch_a)
    director = make_member(branch_a, is_leader=True, government_position="Giám đốc công ty cổ phần")
    cycle = open_cycle(organization=city)
    forms = dict(cycle.individual_reviews.values_list("member_id", "form"))
    assert forms == {leader.pk: "2A", official.pk: "2B", retired.pk: "2C", director.pk: "2C"}
    assert cycle.individual_reviews.get(member=official).organization == branch_a


def test_ineligible_members_are_listed_with_the_reason_and_get_no_review(city, branch_a):
    excused = make_member(branch_a, status=MemberStatus.EXCUSED)
    suspended = make_member(branch_a, status=MemberStatus.SUSPENDED)
    new = make_member(branch_a, admission_date=datetime.date(2025, 7, 1), full_membership_date=None)
    eligible = make_member(branch_a, admission_date=datetime.date(2025, 6, 1), full_membership_date=None)
    cycle = open_cycle(organization=city)
    reasons = dict(NotReviewedMember.objects.filter(cycle=cycle).values_list("member_id", "reason"))
    assert set(reasons) == {excused.pk, suspended.pk, new.pk}
    assert reasons[excused.pk] == in_vietnamese("Excused from work and Party activities")
    assert reasons[suspended.pk] == in_vietnamese("Suspended from Party activities")
    assert reasons[new.pk] == in_vietnamese("Admitted less than 6 months before the reference date")
    assert list(cycle.individual_reviews.values_list("member_id", flat=True)) == [eligible.pk]


def test_a_member_is_reviewed_where_they_belonged_on_the_reference_date(city, branch_a, branch_b):
    from members.models import Membership

    moved = make_member(branch_a)
    Membership.objects.filter(member=moved).update(end=datetime.date(2026, 1, 10))
    Membership.objects.create(member=moved, organization=branch_b, start=datetime.date(2026, 1, 10))
    moved.organization = branch_b
    moved.save()
    cycle = open_cycle(organization=city)
    assert cycle.individual_reviews.get(member=moved).organization == branch_a


def test_opening_the_same_year_and_kind_twice_is_refused_and_changes_nothing(cycle, city):
    counts = (ReviewCycle.objects.count(), CollectiveReview.objects.count(), IndividualReview.objects.count())
    with pytest.raises(DomainError, match="2025"):
        open_cycle(organization=city)
    assert counts == (ReviewCycle.objects.count(), CollectiveReview.objects.count(), IndividualReview.objects.count())


def test_the_database_refuses_a_second_cycle_for_the_same_period(cycle, city):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCycle.objects.create(
            year=2025,
            rule_set=cycle.rule_set,
            organization=city,
            opened_on=cycle.opened_on,
            reference_date=cycle.reference_date,
        )


def test_the_database_refuses_a_second_review_of_an_organization_or_member_in_a_cycle(cycle, ward_a, member_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiveReview.objects.create(cycle=cycle, organization=ward_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndividualReview.objects.create(cycle=cycle, member=member_a, organization=ward_a, form="2C")


@pytest.mark.parametrize("general,results", [(-1, 10), (10, 101), (40, 70)])
def test_the_database_refuses_scores_out_of_bounds(review_a, general, results):
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiveReview.objects.filter(pk=review_a.pk).update(general_score=general, results_score=results)


def test_opening_is_one_transaction(city, ward_a, member_a, monkeypatch):
    written = bulk.insert

    def broken(model, fields, rows):
        # The last write fails, after the collective and individual reviews went in.
        if model is NotReviewedMember:
            raise RuntimeError("disk full")
        return written(model, fields, rows)

    monkeypatch.setattr(bulk, "insert", broken)
    with pytest.raises(RuntimeError):
        open_cycle(organization=city)
    assert not ReviewCycle.objects.exists()
    assert not CollectiveReview.objects.exists() and not IndividualReview.objects.exists()


def test_a_cycle_keeps_the_rules_it_was_opened_with(cycle):
    RuleSet.objects.filter(code="QD366").update(quota_percent=10, member_levels=[])
    cycle.refresh_from_db()
    assert cycle.rules.quota_limit() == 20
    assert cycle.rules.label("member", "htxsnv") == "Hoàn thành xuất sắc nhiệm vụ"


def test_opening_refreshes_the_planner_statistics_of_the_new_reviews_once_committed(
    city, ward_a, member_a, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The callbacks run as the inner block ends, so the queries are captured around it.
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True) as callbacks:
        open_cycle(organization=city)
    analyzed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    assert len(callbacks) >= 1
    if connection.vendor == "postgresql":
        assert len(analyzed) == 1 and '"reviews_individualreview"' in analyzed[0]
    else:  # SQLite: a statement a table
        assert 'ANALYZE "reviews_individualreview"' in analyzed
