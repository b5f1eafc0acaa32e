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
def test_analyze_names_the_summary_tables_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE runs on PostgreSQL only")
    with CaptureQueriesContext(connection) as captured:
        planner_stats.analyze(IndividualReview)
    assert captured[-1]["sql"] == (
        'ANALYZE "reviews_individualreview", "reviews_individualreviewcount", "reviews_individualreviewrollup"'
    )
