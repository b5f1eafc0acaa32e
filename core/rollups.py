"""Roll-up tables: counts of rows per key at every organization above them, kept by database triggers.

A summary table (``core.summary_tables``) counts rows per organization, so a reader at the
top of a national tree still sums one row per organization under it (268,633 rows for the
national committee's dashboard). A roll-up table counts each row at every organization on
its place in the tree, the organization itself included (its *ancestors*): the reader sums
one row per key for each root of their reach — a handful, whatever the size of the tree.

Each row of the table is ``(ancestor_id, depth, <key columns>, total)``: how many source rows
whose place passes through ``ancestor_id`` (at ``depth`` on that place, 0 at the top) have
that key. The place is a tree path (``organizations.models``: zero-padded ids, one segment
each), either stored on the row (a cycle's records keep their place on the cycle's date) or
the row's organization's path today.

Triggers keep the table in the same statement as the change, as for the summary tables:

- the source's own inserts, updates and deletes: statement-level with transition tables on
  PostgreSQL, the changed rows grouped by place and key before each place is expanded to its
  ancestors (a COPY of 950,000 reviews is one grouped upsert); row-level on SQLite;
- the changes of another table that a key, the filter or the place depends on (``Follow``):
  a meeting record moves its review to another step, an organization that moves moves the
  counts of its rows from its former ancestors to its new ones — in the statement that moves it.

The upserts run in key order, so two transactions changing the same keys wait for each other
rather than deadlock. A key whose count falls to zero (or below, after the table was emptied
first) loses its row. ``rebuild()`` and ``mismatches()`` work as for the summary tables,
comparing with a direct count of every row at every ancestor; ``core.summary_tables.register``
makes a roll-up known to ``refresh_summaries``, the post-migrate reinstall and the test suite's check.

Expressions are SQL templates: ``{row}`` is the source row, and each name of ``contexts`` an
expression over it (``{kind}``, ``{met}``) that a ``Follow`` replaces with the values before and
after a change of the table it reads.
"""

from typing import NamedTuple

from django.db import connection as default_connection
from django.db import transaction

# organizations.models.PATH_SEGMENT: 8 digits and a dot (core lies below the tree's app)
SEGMENT = 9
# The deepest place a 255-character path holds.
MAX_DEPTH = 255 // SEGMENT
_SQLITE_LEVELS = "json_each('[" + ",".join(str(level) for level in range(1, MAX_DEPTH + 1)) + "]')"


class Part(NamedTuple):
    """What one event of a followed table changes: the source rows whose ``column`` equals ``link``,
    the followed context's value ``before`` and ``after`` it, when ``when`` holds.

    ``{old}`` and ``{new}`` name the followed table's row before and after the event.
    """

    link: str
    before: str
    after: str
    when: str = "true"


class Follow(NamedTuple):
    """A table that ``context`` reads: its events (``insert``, ``update``, ``delete``) and their ``Part``s.

    ``column`` is the source's column that the parts' ``link`` values select (``id``, ``organization_id``).
    """

    table: str
    column: str
    context: str
    events: dict


def _uses(sql, name):
    return "{" + name + "}" in sql


class Rollup:
    """``summary`` counts the rows of ``source`` that ``where`` selects per ``key`` and per ancestor of ``place``.

    ``key`` maps the summary's key columns to expressions over the source row; ``order`` is the
    summary's unique key (its column order is the upserts' order); ``contexts`` maps names used in
    the expressions to their current value; ``follows`` lists the other tables they read.
    """

    def __init__(self, source, summary, key, *, place, order, where="true", contexts=None, follows=()):
        self.source, self.summary, self.key, self.place = source, summary, dict(key), place
        self.order, self.where = list(order), where
        self.contexts, self.follows = dict(contexts or {}), list(follows)

    def __repr__(self):
        return f"Rollup({self.summary} of {self.source} by {', '.join(self.key)} at every ancestor)"

    @property
    def tables(self):
        """The tables whose writes can change what this roll-up should hold: itself, its source and those it follows."""
        return {self.source, self.summary, *(follow.table for follow in self.follows)}

    @property
    def _columns(self):
        return ["ancestor_id", "depth", *self.key]

    # --- rendering ---------------------------------------------------------------------------------------------

    def _render(self, template, row, values=None):
        """``template`` with the contexts (``values`` overriding their current value) and then ``row`` filled in."""
        contexts = {**self.contexts, **(values or {})}
        filled = template.format(row="{row}", **contexts)
        return filled.format(row=row)

    def _select(self, row, sign, values=None):
        """``place, <key>..., sign`` of the row ``row`` (a SQL alias), as a SELECT list."""
        items = [f"{self._render(self.place, row, values)} AS place"]
        items += [f"{self._render(sql, row, values)} AS {column}" for column, sql in self.key.items()]
        return ", ".join([*items, f"{sign} AS n"])

    def _condition(self, row, values=None):
        return self._render(self.where, row, values)

    # --- PostgreSQL -------------------------------------------------------------------------------------------

    def _postgres_apply(self, changes):
        """The plpgsql statements that add ``changes`` (a query of place, key..., n) to the summary."""
        keys = ", ".join(self.key)
        grouped_keys = ", ".join(f"grouped.{column}" for column in self.key)
        conflict = ", ".join(self.order)
        change_columns = ", ".join(["place", *self.key, "n"])
        return f"""
    WITH changes ({change_columns}) AS ({changes}),
    grouped AS (
        SELECT place, {keys}, sum(n) AS n FROM changes GROUP BY place, {keys} HAVING sum(n) <> 0
    ),
    delta AS (
        SELECT CAST(substr(grouped.place, level.g * {SEGMENT} - {SEGMENT - 1}, {SEGMENT - 1}) AS bigint)
               AS ancestor_id, level.g - 1 AS depth, {grouped_keys}, sum(grouped.n) AS total
        FROM grouped CROSS JOIN LATERAL generate_series(1, length(grouped.place) / {SEGMENT}) AS level(g)
        GROUP BY 1, 2, {grouped_keys} HAVING sum(grouped.n) <> 0
    ),
    upserted AS (
        INSERT INTO {self.summary} AS summary ({", ".join(self._columns)}, total)
            SELECT * FROM delta ORDER BY {conflict}
            ON CONFLICT ({conflict}) DO UPDATE SET total = summary.total + EXCLUDED.total
            RETURNING summary.id, summary.total
    )
    SELECT array_agg(id) INTO emptied FROM upserted WHERE total <= 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM {self.summary} WHERE id = ANY(emptied);
    END IF;"""

    def _postgres_trigger(self, name, table, event, tables, changes):
        return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    emptied bigint[];
BEGIN{self._postgres_apply(changes)}
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER {event} ON {table}
    REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}();
"""

    def _postgres_source(self, event):
        parts = []
        if event in ("insert", "update"):
            parts.append(f"SELECT {self._select('r', '1')} FROM new_rows AS r WHERE {self._condition('r')}")
        if event in ("delete", "update"):
            parts.append(f"SELECT {self._select('r', '-1')} FROM old_rows AS r WHERE {self._condition('r')}")
        tables = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows"}.get(
            event, "OLD TABLE AS old_rows NEW TABLE AS new_rows"
        )
        name = f"{self.summary}_{event}"
        return self._postgres_trigger(name, self.source, event, tables, " UNION ALL ".join(parts))

    def _follow_changes(self, follow, part, old, new, rows):
        """The SELECTs of a followed change: the linked source rows out with the value before, in with the one after."""

        def value(sql):
            return sql.format(old=old, new=new)

        link, when = value(part.link), value(part.when)
        selects = []
        for sql, sign in ((part.before, "-1"), (part.after, "1")):
            values = {follow.context: value(sql)}
            selects.append(
                f"SELECT {self._select('s', sign, values)} FROM {self.source} AS s{rows}"
                f" WHERE s.{follow.column} = {link} AND ({when}) AND {self._condition('s', values)}"
            )
        return selects

    def _postgres_follow(self, follow, event):
        selects = []
        for part in follow.events[event]:
            text = "".join(part)
            if _uses(text, "old") and _uses(text, "new"):
                rows = ", old_rows AS o JOIN new_rows AS nw ON nw.id = o.id"
            else:
                rows = ", old_rows AS o" if _uses(text, "old") else ", new_rows AS nw"
            selects += self._follow_changes(follow, part, "o", "nw", rows)
        tables = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows"}.get(
            event, "OLD TABLE AS old_rows NEW TABLE AS new_rows"
        )
        name = self._follow_name(follow, event)
        return self._postgres_trigger(name, follow.table, event, tables, " UNION ALL ".join(selects))

    def _follow_name(self, follow, event):
        return f"{self.summary}_{follow.table.split('_', 1)[1]}_{event}"

    # --- SQLite -----------------------------------------------------------------------------------------------

    def _sqlite_add(self, select_row, sign, source_clause, condition, values=None):
        """An upsert adding ``sign`` at every ancestor of each row of ``source_clause`` (``select_row``: its alias)."""
        place = self._render(self.place, select_row, values)
        keys = [self._render(sql, select_row, values) for sql in self.key.values()]
        ancestor = f"CAST(substr({place}, level.value * {SEGMENT} - {SEGMENT - 1}, {SEGMENT - 1}) AS INTEGER)"
        conflict = ", ".join(self.order)
        return (
            f"INSERT INTO {self.summary} ({', '.join(self._columns)}, total) "
            f"SELECT {ancestor}, level.value - 1, {', '.join(keys)}, {sign} "
            f"FROM {source_clause}{_SQLITE_LEVELS} AS level "
            f"WHERE level.value * {SEGMENT} <= length({place}) AND {condition} "
            f"ON CONFLICT ({conflict}) DO UPDATE SET total = total + excluded.total;"
        )

    # A row-level trigger changes one row's few keys: emptied rows are found by their count (a small table).
    # Below zero too, as for the summary tables: a DELETE of the source after the table was emptied
    # (a test database being flushed table by table) must not leave negative rows behind.
    def _sqlite_cleanup(self):
        return f"DELETE FROM {self.summary} WHERE total <= 0;"

    def _sqlite_source(self, event):
        statements = []
        if event in ("delete", "update"):
            statements.append(self._sqlite_add("OLD", "-1", "", self._condition("OLD")))
        if event in ("insert", "update"):
            statements.append(self._sqlite_add("NEW", "1", "", self._condition("NEW")))
        statements.append(self._sqlite_cleanup())
        body = " ".join(statements)
        return f"CREATE TRIGGER {self.summary}_{event} AFTER {event.upper()} ON {self.source} BEGIN {body} END"

    def _sqlite_follow(self, follow, event):
        statements = []
        for part in follow.events[event]:

            def value(sql):
                return sql.format(old="OLD", new="NEW")

            for sql, sign in ((part.before, "-1"), (part.after, "1")):
                values = {follow.context: value(sql)}
                condition = f"s.{follow.column} = {value(part.link)} AND ({value(part.when)}) AND " + self._condition(
                    "s", values
                )
                statements.append(self._sqlite_add("s", sign, f"{self.source} AS s, ", condition, values))
        statements.append(self._sqlite_cleanup())
        name = self._follow_name(follow, event)
        return f"CREATE TRIGGER {name} AFTER {event.upper()} ON {follow.table} BEGIN {' '.join(statements)} END"

    # --- installing, rebuilding, checking ---------------------------------------------------------------------

    def _triggers(self):
        """(name, table, event) of every trigger, the source's and the followed tables'."""
        found = [(f"{self.summary}_{event}", self.source, event, None) for event in ("insert", "update", "delete")]
        for follow in self.follows:
            found += [(self._follow_name(follow, event), follow.table, event, follow) for event in follow.events]
        return found

    def install(self, connection=default_connection):
        """Create (or replace) the triggers."""
        with connection.cursor() as cursor:
            for name, _table, event, follow in self._triggers():
                if connection.vendor == "postgresql":
                    sql = self._postgres_source(event) if follow is None else self._postgres_follow(follow, event)
                    cursor.execute(sql)
                elif connection.vendor == "sqlite":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    sql = self._sqlite_source(event) if follow is None else self._sqlite_follow(follow, event)
                    cursor.execute(sql)
                else:  # pragma: no cover - the product runs on PostgreSQL or SQLite only
                    raise NotImplementedError(connection.vendor)

    def uninstall(self, connection=default_connection):
        with connection.cursor() as cursor:
            for name, table, _event, _follow in self._triggers():
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def _direct(self, connection):
        """A query of ``ancestor_id, depth, <key>..., count``: every counted source row at each of its ancestors."""
        keys = ", ".join(self.key)
        if connection.vendor == "postgresql":
            level = "level.g"
            joined = f"CROSS JOIN LATERAL generate_series(1, length(grouped.place) / {SEGMENT}) AS level(g)"
            cast = "bigint"
        else:
            level = "level.value"
            joined = f"JOIN {_SQLITE_LEVELS} AS level ON level.value * {SEGMENT} <= length(grouped.place)"
            cast = "INTEGER"
        grouped_keys = ", ".join(f"grouped.{column}" for column in self.key)
        return (
            f"SELECT CAST(substr(grouped.place, {level} * {SEGMENT} - {SEGMENT - 1}, {SEGMENT - 1}) AS {cast}), "  # noqa: S608
            f"{level} - 1, {grouped_keys}, sum(grouped.n) "
            f"FROM (SELECT place, {keys}, count(*) AS n FROM (SELECT {self._select('r', '1')} FROM {self.source} AS r "
            f"WHERE {self._condition('r')}) AS counted GROUP BY place, {keys}) AS grouped {joined} "
            f"GROUP BY 1, 2, {grouped_keys}"
        )

    def rebuild(self, connection=default_connection):
        """Recompute the table from its source in one transaction; the number of rows written."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.summary}")  # noqa: S608 - names of our own tables
            cursor.execute(f"INSERT INTO {self.summary} ({', '.join(self._columns)}, total) {self._direct(connection)}")
            return cursor.rowcount

    def _counts(self, sql, connection):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            # SQLite hands a date column back as a date and a date expression as its text: compare the text.
            return {
                tuple(value.isoformat() if hasattr(value, "isoformat") else value for value in row[:-1]): row[-1]
                for row in cursor.fetchall()
            }

    def mismatches(self, connection=default_connection):
        """{key: (summary, direct count)} wherever the two differ; empty when the table is right."""
        columns = ", ".join(self._columns)
        summary = self._counts(f"SELECT {columns}, total FROM {self.summary}", connection)  # noqa: S608
        direct = self._counts(self._direct(connection), connection)
        return {
            key: (summary.get(key, 0), direct.get(key, 0))
            for key in summary.keys() | direct.keys()
            if summary.get(key, 0) != direct.get(key, 0)
        }


def ancestor_id(path):
    """The organization a tree path ends with: the key a roll-up counts its sub-tree under."""
    return int(path[-SEGMENT:-1])


def depth_of(path):
    """The depth of the organization a tree path ends with (0 at the top), as a roll-up row records it."""
    return len(path) // SEGMENT - 1
