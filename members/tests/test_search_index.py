"""The member search is served by a trigram index on PostgreSQL (migration ``members.0003_search_indexes``)."""

import pytest
from django.db import connection

from core import lists
from members.models import Member
from tests.factories import make_member


def _indexes():
    with connection.cursor() as cursor:
        return {index for index in connection.introspection.get_constraints(cursor, Member._meta.db_table)}


def test_the_search_uses_the_trigram_index_on_postgresql(member_a, branch_a):
    make_member(branch_a, full_name="Trần Thị Hương")
    if connection.vendor != "postgresql":
        assert "member_search_trigram" not in _indexes()  # nothing to create on SQLite
        pytest.skip("the trigram index exists on PostgreSQL only")
    queryset = lists.search(Member.objects.all(), "nguyễn văn")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny: ask whether the index can serve it
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "member_search_trigram" in plan
    assert list(lists.search(Member.objects.all(), "huong")) == list(Member.objects.filter(full_name="Trần Thị Hương"))


def test_a_table_not_vacuumed_since_its_rows_were_written_is_not_read_from_its_indexes_alone(db):
    # members.views._first_matches walks the name index only when the visibility map lets it skip the table.
    from types import SimpleNamespace

    from core import planner_stats

    if connection.vendor != "postgresql":
        assert planner_stats.read_from_indexes(Member)
        pytest.skip("the visibility map is PostgreSQL's")
    table = SimpleNamespace(_meta=SimpleNamespace(db_table="unvacuumed_rows"))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE unvacuumed_rows AS SELECT n FROM generate_series(1, 5000) AS n")
        assert planner_stats.read_from_indexes(table)  # no pages recorded yet: nothing to fetch
        cursor.execute("ANALYZE unvacuumed_rows")  # records its pages, none all-visible (no VACUUM in a transaction)
    assert not planner_stats.read_from_indexes(table)


def test_the_member_search_sorts_its_matches_when_the_table_is_not_read_from_its_indexes_alone(
    monkeypatch, login, city_staff, branch_a
):
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from core import planner_stats

    for name in ("Nguyễn Văn An", "Lê Văn Nguyên", "Nguyễn Văn Bình"):
        make_member(branch_a, full_name=name)
    client = login(city_staff)
    monkeypatch.setattr(planner_stats, "read_from_indexes", lambda model: False)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("members:list"), {"q": "nguyen van"})
    assert not [query for query in captured if 'ORDER BY U0."search_text" ASC' in query["sql"]]
    names = [member.full_name for member in response.context["page_obj"]]
    assert names == ["Lê Văn Nguyên", "Nguyễn Văn An", "Nguyễn Văn Bình"]
