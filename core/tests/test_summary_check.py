"""The suite's after-test comparison of the summary tables looks at the tables the test wrote."""

import pytest
from django.db import connection, transaction

from core.summary_tables import TABLES
from members.summaries import MEMBER_ROLLUP, MEMBERS
from tests import summary_check
from tests.factories import make_member, make_organization
from tests.summary_check import written_tables


def test_a_roll_up_is_compared_after_writes_to_its_source_or_to_a_table_it_follows():
    assert MEMBER_ROLLUP.tables == {"members_member", "members_memberrollup", "organizations_organization"}
    assert MEMBERS.tables == {"members_member", "members_membercount"}
    assert all(table.summary in table.tables and table.source in table.tables for table in TABLES)


@pytest.mark.django_db
def test_the_tables_a_test_wrote_are_named_with_the_summaries_their_triggers_wrote(branch_a):
    if connection.vendor != "postgresql":
        assert written_tables() is None  # SQLite keeps no count: every table is compared
        return
    make_member(branch_a)
    written = written_tables()
    # Named whichever statement wrote them: the test's own INSERT, and the triggers' upserts. (Counts of
    # earlier transactions not yet reported may be named too: a table more is compared, never one less.)
    assert {"members_member", "members_membercount", "members_memberrollup", "organizations_organization"} <= written
    compared = {table.summary for table in TABLES if table.tables & written}
    assert {"members_membercount", "members_memberrollup", "organizations_organizationrollup"} <= compared


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_compares_every_table():
    assert written_tables() is None


@pytest.mark.django_db(transaction=True)
def test_rows_rolled_back_in_numbers_are_vacuumed_between_tests(monkeypatch):
    if connection.vendor != "postgresql":
        return  # SQLite reuses a rolled-back row's space itself
    monkeypatch.setattr(summary_check, "DEAD_ROWS_TO_VACUUM", 20)

    def dead_members():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")  # this session's counts, now
            cursor.execute("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'members_member'")
            return cursor.fetchone()[0]

    with pytest.raises(RuntimeError), transaction.atomic():
        branch = make_organization("Chi bộ tạm", parent=make_organization("Đảng bộ tạm"))
        for _ in range(30):
            make_member(branch)
        raise RuntimeError("rolled back, as every test's rows are")
    assert dead_members() >= 30
    summary_check.vacuum_rolled_back_rows()
    assert dead_members() == 0
