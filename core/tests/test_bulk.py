"""``core.bulk.insert`` writes the rows ``bulk_create`` would, ``core.planner_stats`` refreshes planner statistics."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import bulk
from core import planner_stats as statistics
from reviews.models import IndividualReview
from reviews.tests.conftest import open_cycle

COMPARED = ("status", "revision", "is_rated", "discipline", "decided_level", "strengths", "submitted_at", "form")


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


def test_analyze_refreshes_statistics_on_postgresql_only(db):
    with CaptureQueriesContext(connection) as queries:
        statistics.analyze(IndividualReview)
        statistics.analyze()
    analyzed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    expected = ['ANALYZE "reviews_individualreview"', "ANALYZE "] if connection.vendor == "postgresql" else []
    assert analyzed == expected
