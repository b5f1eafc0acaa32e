"""The individual review counts (a summary table kept by triggers) always match a direct count."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from reviews.models import IndividualReview, IndividualReviewCount, ReviewCycle
from reviews.rating import decide
from reviews.summaries import INDIVIDUAL_REVIEWS
from reviews.tests.conftest import fill, open_cycle, ready_to_decide
from tests.factories import make_member


def _counts(cycle):
    rows = IndividualReviewCount.objects.filter(cycle=cycle).values_list("organization_id", "decided_level", "total")
    return sorted(rows)


def test_opening_a_cycle_counts_its_individual_reviews_per_organization(cycle, branch_a, branch_b):
    assert _counts(cycle) == sorted([(branch_a.pk, "", 1), (branch_b.pk, "", 1)])
    assert INDIVIDUAL_REVIEWS.mismatches() == {}


def test_deciding_a_level_moves_the_review_to_that_level_in_the_same_transaction(
    individual_a, branch_a, branch_b, city_staff
):
    fill(individual_a)
    ready_to_decide(individual_a, "httnv", city_staff)
    decide(individual_a, "httnv", city_staff)
    assert _counts(individual_a.cycle) == sorted([(branch_a.pk, "httnv", 1), (branch_b.pk, "", 1)])
    assert INDIVIDUAL_REVIEWS.mismatches() == {}


def test_bulk_updates_and_deletes_keep_the_counts_and_drop_emptied_rows(cycle, branch_a, branch_b):
    for index in range(3):
        make_member(branch_a, full_name=f"Nguyễn Văn {index}")
    IndividualReview.objects.filter(cycle=cycle).update(status="accepted", decided_level="htnv")
    assert INDIVIDUAL_REVIEWS.mismatches() == {}
    assert not IndividualReviewCount.objects.filter(cycle=cycle, decided_level="").exists()
    IndividualReview.objects.filter(cycle=cycle, organization=branch_b).update(organization=branch_a)
    assert _counts(cycle) == [(branch_a.pk, "htnv", 2)]
    IndividualReview.objects.filter(cycle=cycle).delete()
    assert not IndividualReviewCount.objects.filter(cycle=cycle).exists()
    assert INDIVIDUAL_REVIEWS.mismatches() == {}


def test_deleting_a_cycle_leaves_no_counts_behind(cycle):
    ReviewCycle.objects.filter(pk=cycle.pk).delete()
    assert not IndividualReviewCount.objects.exists()
    assert INDIVIDUAL_REVIEWS.mismatches() == {}


def test_a_second_cycle_is_counted_apart(cycle, city, branch_a):
    second = open_cycle(year=2026, organization=city)
    assert dict(((o, lv), n) for o, lv, n in _counts(second))[(branch_a.pk, "")] == 1
    assert INDIVIDUAL_REVIEWS.mismatches() == {}


def test_refresh_summaries_reports_drift_and_rebuilds_the_table(cycle):
    with connection.cursor() as cursor:  # drift only a bug or a restored old dump could make
        cursor.execute("UPDATE reviews_individualreviewcount SET total = total + 5")
    assert INDIVIDUAL_REVIEWS.mismatches()
    with pytest.raises(SystemExit):
        call_command("refresh_summaries", "--check", stdout=io.StringIO())
    output = io.StringIO()
    call_command("refresh_summaries", stdout=output)
    assert "reviews_individualreviewcount: rebuilt, 2 rows." in output.getvalue()
    assert INDIVIDUAL_REVIEWS.mismatches() == {}
