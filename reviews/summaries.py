"""The summary tables' upkeep: database triggers, a rebuild, and a check against direct counts.

``IndividualReviewCount`` holds, per cycle, organization, workflow step (status)
and decided level, how many individual reviews there are. It is kept in the same
statement as the reviews by triggers, so no write path (services, bulk UPDATEs,
COPY, imports, other engineers' new code) can leave it stale:

- PostgreSQL: statement-level triggers with transition tables, so a COPY of
  95,000 reviews when a cycle opens, or a bulk rating, costs one grouped upsert,
  not 95,000;
- SQLite: row-level triggers (the embedded default holds a city, not a province).

``rebuild()`` (``manage.py refresh_summaries``) recomputes the table from the
reviews; ``mismatches()`` lists the keys where it and a direct count differ
(the tests call it after each service action).
"""

from django.db import connection, transaction
from django.db.models import Count

from reviews.models import IndividualReview, IndividualReviewCount

SOURCE = "reviews_individualreview"
SUMMARY = "reviews_individualreviewcount"
KEY = "cycle_id, organization_id, status, decided_level"

# One function per event: a transition table exists only for the events its trigger names.
_POSTGRES_DELTAS = {
    "insert": f"SELECT {KEY}, count(*) AS n FROM new_rows GROUP BY {KEY}",
    "delete": f"SELECT {KEY}, -count(*) AS n FROM old_rows GROUP BY {KEY}",
    "update": (
        f"SELECT {KEY}, sum(n) AS n FROM ("
        f"SELECT {KEY}, 1 AS n FROM new_rows UNION ALL SELECT {KEY}, -1 FROM old_rows"
        f") AS changes GROUP BY {KEY} HAVING sum(n) <> 0"
    ),
}
_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION {summary}_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In key order, so that two transactions changing the same rows wait for each other, never deadlock.
    INSERT INTO {summary} AS summary ({key}, total)
        SELECT * FROM ({deltas}) AS delta ORDER BY {key}
        ON CONFLICT ({key}) DO UPDATE SET total = summary.total + EXCLUDED.total;
    {cleanup}
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS {summary}_{event} ON {source};
CREATE TRIGGER {summary}_{event} AFTER {event} ON {source}
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {summary}_{event}();
"""
# A key whose last review went (deleted, or moved to another step or level) loses its row.
_POSTGRES_CLEANUP = f"""DELETE FROM {SUMMARY} AS summary USING (SELECT DISTINCT {KEY} FROM old_rows) AS gone
        WHERE summary.total <= 0 AND (summary.cycle_id, summary.organization_id, summary.status, summary.decided_level)
            = (gone.cycle_id, gone.organization_id, gone.status, gone.decided_level);"""
_POSTGRES_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}

_SQLITE_ADD = f"""
    INSERT INTO {SUMMARY} ({KEY}, total)
        VALUES (NEW.cycle_id, NEW.organization_id, NEW.status, NEW.decided_level, 1)
        ON CONFLICT ({KEY}) DO UPDATE SET total = total + 1;"""
_SQLITE_REMOVE = f"""
    UPDATE {SUMMARY} SET total = total - 1 WHERE cycle_id = OLD.cycle_id AND organization_id = OLD.organization_id
        AND status = OLD.status AND decided_level = OLD.decided_level;
    DELETE FROM {SUMMARY} WHERE total <= 0 AND cycle_id = OLD.cycle_id AND organization_id = OLD.organization_id
        AND status = OLD.status AND decided_level = OLD.decided_level;"""
_SQLITE_TRIGGERS = {
    "insert": f"AFTER INSERT ON {SOURCE} BEGIN {_SQLITE_ADD} END",
    "delete": f"AFTER DELETE ON {SOURCE} BEGIN {_SQLITE_REMOVE} END",
    "update": (
        f"AFTER UPDATE OF {KEY} ON {SOURCE} WHEN OLD.cycle_id IS NOT NEW.cycle_id "
        "OR OLD.organization_id IS NOT NEW.organization_id OR OLD.status IS NOT NEW.status "
        f"OR OLD.decided_level IS NOT NEW.decided_level BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END"
    ),
}


def _connection(schema_editor):
    return schema_editor.connection if schema_editor is not None else connection


def install(schema_editor=None):
    """Create (or replace) the triggers (on the migration's database, else the default one)."""
    connection = _connection(schema_editor)
    with connection.cursor() as cursor:
        for event in ("insert", "delete", "update"):
            if connection.vendor == "postgresql":
                cursor.execute(
                    _POSTGRES_FUNCTION.format(
                        summary=SUMMARY,
                        source=SOURCE,
                        event=event,
                        key=KEY,
                        deltas=_POSTGRES_DELTAS[event],
                        tables=_POSTGRES_TABLES[event],
                        cleanup="" if event == "insert" else _POSTGRES_CLEANUP,
                    )
                )
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {SUMMARY}_{event}")
                cursor.execute(f"CREATE TRIGGER {SUMMARY}_{event} {_SQLITE_TRIGGERS[event]}")
            else:  # pragma: no cover - the product runs on PostgreSQL or SQLite only
                raise NotImplementedError(connection.vendor)


def uninstall(schema_editor=None):
    connection = _connection(schema_editor)
    with connection.cursor() as cursor:
        for event in ("insert", "delete", "update"):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {SUMMARY}_{event} ON {SOURCE}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {SUMMARY}_{event}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {SUMMARY}_{event}")


def direct_counts():
    """{(cycle, organization, status, level): n} counted from the reviews themselves."""
    rows = (
        IndividualReview.objects.order_by()
        .values_list("cycle_id", "organization_id", "status", "decided_level")
        .annotate(n=Count("pk"))
    )
    return {tuple(row[:4]): row[4] for row in rows}


def summary_counts():
    rows = IndividualReviewCount.objects.values_list("cycle_id", "organization_id", "status", "decided_level", "total")
    return {tuple(row[:4]): row[4] for row in rows}


def mismatches():
    """{key: (summary, direct)} where the summary table and a direct count differ; empty when in step."""
    summary, direct = summary_counts(), direct_counts()
    return {
        key: (summary.get(key, 0), direct.get(key, 0))
        for key in summary.keys() | direct.keys()
        if summary.get(key, 0) != direct.get(key, 0)
    }


def rebuild(schema_editor=None):
    """Recompute the summary table from the reviews (one transaction); the number of rows written."""
    connection = _connection(schema_editor)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SUMMARY}")  # noqa: S608 - constant names
        cursor.execute(
            f"INSERT INTO {SUMMARY} ({KEY}, total) SELECT {KEY}, count(*) FROM {SOURCE} GROUP BY {KEY}"  # noqa: S608
        )
        return cursor.rowcount
