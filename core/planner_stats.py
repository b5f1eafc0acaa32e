"""Fresh planner statistics after a bulk write.

PostgreSQL plans each query from per-table statistics that autovacuum refreshes
only after a delay; right after a bulk write (a cycle opened with hundreds of
thousands of reviews) they still describe the table as it was, and a query's plan
can be many times slower until then. A step that writes in bulk calls
``analyze_on_commit(...)`` with the models it filled: once its transaction
commits, ``ANALYZE`` samples those tables (a fixed-size sample, so it takes well
under a second even for millions of rows), and the summary tables their triggers
wrote in the same statements (``core.summary_tables``).

SQLite keeps no statistics until ``ANALYZE`` first runs, and nothing runs it for us: without
them it sorted a cycle's 15,000 reviews to list the first 25 (32 ms a page) where, with them,
it walks the organizations in order (0.1 ms). The same calls analyze it, whole tables: SQLite's
sampled ANALYZE (``analysis_limit``) saw 1,001 reviews per cycle where there are 15,000 and
chose the sort again. A city's whole database takes 0.16 s.
"""

import json

from django.db import connection, connections, transaction

from core.summary_tables import TABLES


def tables_of(*models):
    """The tables of ``models`` and the summary tables their triggers keep."""
    tables = [model._meta.db_table for model in models]
    return tables + [table.summary for table in TABLES if table.source in tables and table.summary not in tables]


def analyze(*models):
    """``ANALYZE`` the tables of ``models`` and their summary tables now, or every table without any."""
    names = [connection.ops.quote_name(name) for name in tables_of(*models)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(" ".join(["ANALYZE", ", ".join(names)]))
        elif connection.vendor == "sqlite":
            for name in names or [""]:  # one table a statement; none: the whole database
                cursor.execute(f"ANALYZE {name}".strip())


# The planner's cost of reading a page out of order, relative to reading the next one (PostgreSQL's default 4.0
# models spinning disks). The data of a committee's server is on SSD and mostly cached, where PostgreSQL's
# documentation suggests about 1.1. With 4.0 the collective review's members (461 reviews of a ward, in a province
# of 100,166 members) were joined by reading the whole members table (28 ms) instead of 461 lookups by key
# (6 ms), and which of the two plans won depended on the sampled statistics of the moment. Set on each new
# connection (not as a startup option, which PgBouncer refuses); ``PLANNER_RANDOM_PAGE_COST = None`` keeps the
# server's own value.
def tune_planner(sender, connection, **kwargs):
    """``connection_created`` receiver: the planner costs of ``settings.PLANNER_RANDOM_PAGE_COST`` on PostgreSQL."""
    from django.conf import settings

    cost = getattr(settings, "PLANNER_RANDOM_PAGE_COST", None)
    if connection.vendor == "postgresql" and cost is not None:
        with connection.cursor() as cursor:
            cursor.execute("SET random_page_cost = %s", [float(cost)])


def analyze_on_commit(*models):
    """``ANALYZE`` the tables of ``models`` once the current transaction commits."""
    transaction.on_commit(lambda: analyze(*models))


# The share of a table's pages the visibility map must mark all-visible for an index-only scan to be counted on.
ALL_VISIBLE_SHARE = 0.9


def read_from_indexes(model):
    """Whether an index-only scan of ``model``'s table reads its index alone (PostgreSQL; elsewhere True).

    It fetches from the table every row of a page that vacuum has not marked all-visible: right after a bulk
    insert, and always on a server without autovacuum, a walk of 320,000 index entries made as many table
    reads (2 s instead of 50–90 ms). ``relallvisible`` is the count vacuum (and ``ANALYZE``) last recorded.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages, relallvisible FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        pages, visible = cursor.fetchone()
    return pages == 0 or visible >= ALL_VISIBLE_SHARE * pages


def estimated_rows(queryset):
    """The planner's estimate of ``queryset``'s rows (PostgreSQL: planned, not run), None on other databases.

    A list may choose between two ways to the same rows by the size of a part of them: the estimate of a
    search from the trigram index is near the count (91,944 members for "nguyen van", 93,909 found) and
    costs a plan (about a millisecond), where counting them read 22,000 pages.
    """
    if connections[queryset.db].vendor != "postgresql":
        return None
    return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]
