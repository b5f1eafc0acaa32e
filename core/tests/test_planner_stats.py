"""Fresh planner statistics after a bulk write cover the summary tables the write filled through triggers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import planner_stats
from members.models import Member
from reviews.models import CollectiveReview, IndividualReview


def test_the_tables_analyzed_after_a_bulk_write_include_the_summary_tables_its_triggers_wrote():
    assert planner_stats.tables_of(IndividualReview, CollectiveReview) == [
        "reviews_individualreview",
        "reviews_collectivereview",
        "reviews_individualreviewcount",
        "reviews_individualreviewrollup",
        "reviews_collectivereviewrollup",
    ]
    assert planner_stats.tables_of(Member) == ["members_member", "members_membercount", "members_memberrollup"]


@pytest.mark.django_db
def test_analyze_names_the_summary_tables():
    with CaptureQueriesContext(connection) as captured:
        planner_stats.analyze(IndividualReview)
    analyzed = [query["sql"] for query in captured if query["sql"].startswith("ANALYZE")]
    tables = '"reviews_individualreview", "reviews_individualreviewcount", "reviews_individualreviewrollup"'
    if connection.vendor == "postgresql":
        assert analyzed == [f"ANALYZE {tables}"]
    else:  # SQLite analyzes a table a statement
        assert analyzed == [f"ANALYZE {table}" for table in tables.split(", ")]


def _random_page_cost(on):
    with on.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_each_connection_plans_with_the_random_page_cost_of_the_settings(settings):
    if connection.vendor != "postgresql":
        # SQLite has no such setting: nothing is sent.
        with CaptureQueriesContext(connection) as captured:
            planner_stats.tune_planner(sender=None, connection=connection)
        assert captured.captured_queries == []
        return
    # A new connection, as a server's first request opens one: the receiver ran as it connected.
    fresh = connection.copy()
    try:
        assert _random_page_cost(fresh) == "1.1"
        settings.PLANNER_RANDOM_PAGE_COST = 2.5
        planner_stats.tune_planner(sender=None, connection=fresh)
        assert _random_page_cost(fresh) == "2.5"
        # None leaves the server's own value alone.
        with fresh.cursor() as cursor:
            cursor.execute("SET random_page_cost = 4")
        settings.PLANNER_RANDOM_PAGE_COST = None
        planner_stats.tune_planner(sender=None, connection=fresh)
        assert _random_page_cost(fresh) == "4"
    finally:
        fresh.close()
