"""``core.bulk`` writes the rows ``bulk_create`` and ``bulk_update`` would; ``core.planner_stats`` analyzes."""

import datetime

from django.db import connection

from core import bulk
from core import planner_stats as statistics
from reviews.models import CollectiveReview, IndividualReview
from reviews.tests.conftest import open_cycle

COMPARED = (
    "status", "revision", "is_rated", "discipline", "decided_level", "strengths", "submitted_at", "form",
    "criterion_scores",
)  # fmt: skip


def test_update_writes_what_bulk_update_writes_nulls_dates_and_keys_included(
    city, ward_a, member_a, member_b, city_staff
):
    cycle = open_cycle(organization=city)
    reviews = list(IndividualReview.objects.filter(cycle=cycle).order_by("pk"))
    at = datetime.datetime(2025, 12, 1, 9, 30, tzinfo=datetime.UTC)
    fields = ["status", "strengths", "submitted_at", "decided_level", "decided_by", "criterion_scores"]
    for number, review in enumerate(reviews):
        review.status, review.strengths, review.decided_level = "accepted", f"Ưu điểm {number}\t'«»", "httnv"
        review.submitted_at, review.decided_by = (at, city_staff) if number else (None, None)
        review.criterion_scores = {"1": number}
    assert bulk.update(IndividualReview, reviews, fields) == len(reviews) == 2
    written = {row.pk: row for row in IndividualReview.objects.filter(cycle=cycle)}
    for review in reviews:
        assert [getattr(written[review.pk], field) for field in fields] == [getattr(review, field) for field in fields]
    untouched = IndividualReview.objects.get(pk=reviews[0].pk)
    assert untouched.form == reviews[0].form and untouched.member_id == reviews[0].member_id
    assert bulk.update(IndividualReview, [], fields) == 0


def test_insert_writes_the_given_values_and_every_default(city, ward_a, member_a, member_b):
    cycle = open_cycle(organization=city)
    IndividualReview.objects.filter(cycle=cycle).delete()
    bulk.insert(IndividualReview, ("cycle_id", "member_id", "organization_id", "form"), [
        (cycle.pk, member_a.pk, ward_a.pk, "2C"), (cycle.pk, member_b.pk, ward_a.pk, "2A"),
    ])  # fmt: skip
    inserted = {row.member_id: row for row in IndividualReview.objects.filter(cycle=cycle)}
    assert set(inserted) == {member_a.pk, member_b.pk}
    assert inserted[member_b.pk].form == "2A" and inserted[member_a.pk].organization_id == ward_a.pk
    IndividualReview.objects.filter(cycle=cycle).delete()
    created = IndividualReview(cycle=cycle, member=member_a, organization=ward_a, form="2C")
    IndividualReview.objects.bulk_create([created])
    created = IndividualReview.objects.get(cycle=cycle, member=member_a)
    assert [getattr(inserted[member_a.pk], f) for f in COMPARED] == [getattr(created, f) for f in COMPARED]


def test_insert_writes_a_json_default_and_text_with_tabs_and_new_lines(city, ward_a):
    # The collective reviews of a cycle go through COPY on PostgreSQL: their sections copied from last year are
    # a JSON list, and a reason may hold what COPY's text format escapes.
    cycle = open_cycle(organization=city)
    CollectiveReview.objects.filter(cycle=cycle).delete()
    reason = "Mới thành lập\tchưa đủ 6 tháng\nghi chú \\ cuối"
    bulk.insert(CollectiveReview, ("cycle_id", "organization_id", "is_rated", "not_rated_reason"), [
        (cycle.pk, ward_a.pk, False, reason),
    ])  # fmt: skip
    review = CollectiveReview.objects.get(cycle=cycle, organization=ward_a)
    assert (review.copied_sections, review.is_rated, review.not_rated_reason) == ([], False, reason)


def test_analyze_refreshes_the_statistics_of_the_tables_written_and_their_summaries(db):
    """The statements are recorded, not run: an ANALYZE here would read the tables as the earlier tests' rolled
    back rows left them (pages of dead rows, counted as empty) and mislead the planner for every later test."""
    sent = []

    def record(execute, sql, params, many, context):
        if sql.startswith("ANALYZE"):
            sent.append(sql)
            return None
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        statistics.analyze(IndividualReview)
        statistics.analyze()
    # The summary and roll-up tables the reviews' triggers keep are analyzed with them: the bulk write changed it too.
    tables = ["reviews_individualreview", "reviews_individualreviewcount", "reviews_individualreviewrollup"]
    if connection.vendor == "postgresql":
        expected = ["ANALYZE " + ", ".join(f'"{table}"' for table in tables), "ANALYZE "]
    else:  # one table a statement, then the whole database
        expected = [*(f'ANALYZE "{table}"' for table in tables), "ANALYZE"]
    assert sent == expected
