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
