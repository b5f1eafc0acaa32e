"""Summary tables: row counts per key, kept by database triggers so that they are never stale.

A summary table holds, for each combination of a few columns of a source table
(the key), how many source rows have it (``total``). Dashboards read those few
rows instead of every source row. Triggers change them in the same statement as
the source rows, whatever writes them — a service, a bulk UPDATE, a COPY, an
import, a restructuring, or a write path added later:

- PostgreSQL: statement-level triggers with transition tables, so a COPY of
  95,000 rows (a cycle opened over a province) or a bulk UPDATE costs one grouped
  upsert, not one per row; the upsert runs in key order, so two transactions
  changing the same keys wait for each other instead of deadlocking;
- SQLite: row-level triggers (the embedded default holds a city, not a province).

A key whose last source row goes loses its row. ``rebuild()`` recomputes a table
from its source (``manage.py refresh_summaries``); ``mismatches()`` compares it with
a direct count (the test suite checks it after every test that used the
database, so a write path that escaped the triggers would fail its own tests).

Each app declares its tables with ``SummaryTable(...)`` and registers them in
``ready()`` (``register``), so the command reaches them without importing upwards.
"""

from django.db import connection as default_connection
from django.db import transaction

TABLES = []

_POSTGRES_DELTAS = {
    "insert": "SELECT {key}, count(*) FROM new_rows GROUP BY {key}",
    "delete": "SELECT {key}, -count(*) FROM old_rows GROUP BY {key}",
    "update": (
        "SELECT {key}, sum(n) FROM (SELECT {key}, 1 AS n FROM new_rows UNION ALL SELECT {key}, -1 FROM old_rows)"
        " AS changes GROUP BY {key} HAVING sum(n) <> 0"
    ),
}
_POSTGRES_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}
_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION {summary}_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
_POSTGRES_CLEANUP = """DELETE FROM {summary} AS summary USING (SELECT DISTINCT {key} FROM old_rows) AS gone
        WHERE summary.total <= 0 AND {match};"""


class SummaryTable:
    """``summary`` counts the rows of ``source`` per ``key`` (column names common to both tables)."""

    def __init__(self, source, summary, key):
        self.source, self.summary, self.key = source, summary, list(key)

    def __repr__(self):
        return f"SummaryTable({self.summary} of {self.source} by {', '.join(self.key)})"

    @property
    def tables(self):
        """The tables whose writes can change what this table should hold, itself included."""
        return {self.source, self.summary}

    @property
    def _columns(self):
        return ", ".join(self.key)

    def _postgres(self, event):
        match = " AND ".join(f"summary.{column} = gone.{column}" for column in self.key)
        return _POSTGRES_FUNCTION.format(
            summary=self.summary,
            source=self.source,
            event=event,
            key=self._columns,
            tables=_POSTGRES_TABLES[event],
            deltas=_POSTGRES_DELTAS[event].format(key=self._columns),
            cleanup=""
            if event == "insert"
            else _POSTGRES_CLEANUP.format(summary=self.summary, key=self._columns, match=match),
        )

    def _sqlite(self, event):
        new = ", ".join(f"NEW.{column}" for column in self.key)
        old = " AND ".join(f"{column} = OLD.{column}" for column in self.key)
        add = (
            f"INSERT INTO {self.summary} ({self._columns}, total) VALUES ({new}, 1) "
            f"ON CONFLICT ({self._columns}) DO UPDATE SET total = total + 1;"
        )
        remove = (
            f"UPDATE {self.summary} SET total = total - 1 WHERE {old}; "
            f"DELETE FROM {self.summary} WHERE total <= 0 AND {old};"
        )
        changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in self.key)
        body = {
            "insert": f"AFTER INSERT ON {self.source} BEGIN {add} END",
            "delete": f"AFTER DELETE ON {self.source} BEGIN {remove} END",
            "update": f"AFTER UPDATE OF {self._columns} ON {self.source} WHEN {changed} BEGIN {remove} {add} END",
        }[event]
        return f"CREATE TRIGGER {self.summary}_{event} {body}"

    def install(self, connection=default_connection):
        """Create (or replace) the triggers."""
        with connection.cursor() as cursor:
            for event in ("insert", "delete", "update"):
                if connection.vendor == "postgresql":
                    cursor.execute(self._postgres(event))
                elif connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {self.summary}_{event}")
                    cursor.execute(self._sqlite(event))
                else:  # pragma: no cover - the product runs on PostgreSQL or SQLite only
                    raise NotImplementedError(connection.vendor)

    def uninstall(self, connection=default_connection):
        with connection.cursor() as cursor:
            for event in ("insert", "delete", "update"):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {self.summary}_{event} ON {self.source}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {self.summary}_{event}()")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {self.summary}_{event}")

    def rebuild(self, connection=default_connection):
        """Recompute the table from its source in one transaction; the number of rows written."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.summary}")  # noqa: S608 - names of our own tables
            cursor.execute(
                f"INSERT INTO {self.summary} ({self._columns}, total) "  # noqa: S608
                f"SELECT {self._columns}, count(*) FROM {self.source} GROUP BY {self._columns}"
            )
            return cursor.rowcount

    def _counts(self, sql, connection):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}

    def mismatches(self, connection=default_connection):
        """{key: (summary, direct count)} wherever the two differ; empty when the table is right."""
        summary = self._counts(f"SELECT {self._columns}, total FROM {self.summary}", connection)  # noqa: S608
        direct = self._counts(
            f"SELECT {self._columns}, count(*) FROM {self.source} GROUP BY {self._columns}",  # noqa: S608
            connection,
        )
        return {
            key: (summary.get(key, 0), direct.get(key, 0))
            for key in summary.keys() | direct.keys()
            if summary.get(key, 0) != direct.get(key, 0)
        }


def register(*tables):
    """Make ``tables`` known to ``refresh_summaries`` and the test suite's check (from an app's ``ready()``)."""
    for table in tables:
        if table not in TABLES:
            TABLES.append(table)


def migration(table):
    """The (forwards, backwards) functions of a ``RunPython`` that installs ``table``'s triggers and fills it."""

    def forwards(apps, schema_editor):
        table.install(schema_editor.connection)
        table.rebuild(schema_editor.connection)

    def backwards(apps, schema_editor):
        table.uninstall(schema_editor.connection)

    return forwards, backwards
