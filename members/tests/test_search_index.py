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
