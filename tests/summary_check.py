"""Which summary tables the suite compares with a direct count after a test (the root conftest's check)."""


def written_tables():
    """The tables the test's transaction inserted, updated or deleted rows of, or None when that is not known.

    PostgreSQL counts each transaction's row changes per table, whichever statement, COPY or
    trigger made them (``pg_stat_xact_user_tables``); a test that ran in its own transaction
    (the ``db`` fixture) and its fixtures' writes are all there. A transactional test committed
    its writes, possibly from other connections (a live server), and SQLite keeps no such
    count: every table is compared then.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0")
        return {name for (name,) in cursor.fetchall()}


# Dead rows in a table past which the suite vacuums it (``vacuum_rolled_back_rows``).
DEAD_ROWS_TO_VACUUM = 10_000


def vacuum_rolled_back_rows():
    """VACUUM the tables that rolled-back tests filled with dead rows (PostgreSQL, between tests).

    Every test's rows are rolled back, and a rolled-back row stays in its table as a dead row
    until a vacuum. The CI server runs without autovacuum, and a test that seeds the demo city
    leaves 15,000 dead members and 45,000 dead reviews each time: every later scan of those
    tables read them, the roll-ups' direct counts first (five of the suite's minutes). Run only
    outside any transaction (a module's seeded data may still be open).
    """
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE n_dead_tup > %s", [DEAD_ROWS_TO_VACUUM])
        tables = [connection.ops.quote_name(name) for (name,) in cursor.fetchall()]
        if tables:
            cursor.execute(f"VACUUM {', '.join(tables)}")
