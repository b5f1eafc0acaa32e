"""The triggers that write the trail, on PostgreSQL and on SQLite alike.

Triggers, not Django signals: a queryset's ``update()``, ``bulk_create``, the
``COPY`` of ``core.bulk`` and a raw statement send no signal, yet the trail
must hold them (``open_cycle``, a verification's conditional UPDATE, an
import). Each tracked table gets an insert, an update and a delete trigger
that write one ``audit_auditevent`` row per row changed, with the changed
columns only, and the acting context (``audit.context``).

- PostgreSQL: statement-level triggers over transition tables, one INSERT …
  SELECT per statement (a bulk statement costs one set-based insert, not a
  function call per row), declared as django-pgtrigger triggers and installed
  by it after every ``migrate`` (``PGTRIGGER_INSTALL_ON_MIGRATE``). A row is
  read as ``to_jsonb``; the context comes from the transaction-local setting
  ``kd.audit`` (``audit.connection``).
- SQLite (``make run``, the fast suite): row triggers generated from the
  model's columns, dropped and created again after every ``migrate`` (SQLite's
  ALTER TABLE rebuilds a table, which drops its triggers); the context comes
  from the function ``kd_audit_context()`` registered on each connection.
"""

import pgtrigger
from django.db import connections

from audit import registry

EVENT_COLUMNS = (
    "action, model, object_id, parent_model, parent_id, organization_id, changes, user_id, actor, address, request_id"
)


def _q(name):
    return '"' + name.replace('"', '""') + '"'


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _organization(spec, row):
    """SQL for the organization id of ``row`` (an alias or NEW/OLD), or NULL."""
    if not spec.organization:
        return "NULL"
    if spec.organization == "pk":
        return f"{row}.{_q(spec.pk_column)}"
    first, _, second = spec.organization.partition("__")
    field = spec.model._meta.get_field(first)
    if not second:
        return f"{row}.{_q(field.column)}"
    related = field.related_model
    column = related._meta.get_field(second).column
    return (
        f"(SELECT p.{_q(column)} FROM {_q(related._meta.db_table)} p "
        f"WHERE p.{_q(related._meta.pk.column)} = {row}.{_q(field.column)})"
    )


def _parent(spec, row):
    field = spec.parent_field
    if field is None:
        return "''", "NULL"
    return _literal(field.related_model._meta.label_lower), f"{row}.{_q(field.column)}"


# PostgreSQL ---------------------------------------------------------------------------------------

_PG_CONTEXT = "(SELECT nullif(current_setting('kd.audit', true), '')::jsonb AS c) x"
_PG_ACTOR = "(x.c->>'u')::bigint, coalesce(x.c->>'a', ''), coalesce(x.c->>'ip', ''), coalesce(x.c->>'r', '')"


def _pg_changed(spec):
    """SQL: some recorded column of the row differs (``o`` old, ``n`` new).

    Compared column by column before any JSON is built: an UPDATE that rewrites only excluded
    columns (a sub-tree's stored places, thousands of rows) costs a join and a comparison per row,
    not two ``to_jsonb`` and a diff. Every recorded type here has an equality operator (no ``json``).
    """
    columns = [_q(column) for column in spec.columns]
    if not columns:
        return "false"
    old = ", ".join(f"o.{column}" for column in columns)
    new = ", ".join(f"n.{column}" for column in columns)
    return f"ROW({old}) IS DISTINCT FROM ROW({new})"


def _pg_changes(spec):
    """SQL: the row's changed recorded columns as ``{column: [before, after]}`` (``o`` old, ``n`` new).

    Column by column, and only a changed column is turned into JSON (a secret one into ``[null,
    null]``). Diffing ``to_jsonb`` of the two whole rows cost 1.2 ms a row for the 40 columns of an
    individual review: the planner inlined ``to_jsonb(o)`` once per column, so bulk-rating 23,691
    reviews spent 29 s in this trigger.
    """
    secret = set(spec.secret_columns)
    parts = []
    for column in spec.columns:
        name = _q(column)
        value = (
            "'[null, null]'::jsonb"
            if column in secret
            else f"jsonb_build_array(to_jsonb(o.{name}), to_jsonb(n.{name}))"
        )
        parts.append(
            f"CASE WHEN o.{name} IS DISTINCT FROM n.{name} "
            f"THEN jsonb_build_object({_literal(column)}, {value}) ELSE '{{}}'::jsonb END"
        )
    return "(" + " || ".join(parts) + ")" if parts else "'{}'::jsonb"


def postgresql_func(spec, action):
    """The body of the statement-level trigger function for ``action`` on ``spec``'s table."""
    excluded = "ARRAY[" + ", ".join(_literal(c) for c in spec.excluded_columns) + "]::text[]"
    secret = "ARRAY[" + ", ".join(_literal(c) for c in spec.secret_columns) + "]::text[]"
    pk = _q(spec.pk_column)
    row = "o" if action == "delete" else "n"
    parent_model, parent_id = _parent(spec, row)
    head = (
        f"INSERT INTO audit_auditevent ({EVENT_COLUMNS}) SELECT {_literal(action)}, {_literal(spec.label)}, "
        f"{row}.{pk}, {parent_model}, {parent_id}, {_organization(spec, row)}, d.changes, {_PG_ACTOR}"
    )
    if action == "update":
        return (
            "jit_before := current_setting('jit'); PERFORM set_config('jit', 'off', true); "
            f"{head} FROM new_rows n JOIN old_rows o ON o.{pk} = n.{pk} AND {_pg_changed(spec)} "
            f"CROSS JOIN LATERAL (SELECT {_pg_changes(spec)} AS changes) d "
            f"CROSS JOIN {_PG_CONTEXT} WHERE d.changes <> '{{}}'::jsonb; "
            # The planner prices this join per row pair, so a bulk UPDATE of a few thousand rows crosses
            # jit_above_cost and compiles it: 1.4 s of JIT for a district's 8,466 re-placed reviews whose
            # own work takes milliseconds. Off for this statement only; the transaction's setting comes back.
            "PERFORM set_config('jit', jit_before, true); RETURN NULL;"
        )
    # A creation keeps the new values, a deletion the old ones, as {column: value} (no pairs: one
    # function call per row, so opening a cycle of 100,000 reviews stays one cheap INSERT … SELECT).
    table = "old_rows o" if action == "delete" else "new_rows n"
    return (
        f"{head} FROM {table} "
        f"CROSS JOIN LATERAL (SELECT jsonb_strip_nulls(to_jsonb({row}) - {excluded} - {secret}) AS changes) d "
        f"CROSS JOIN {_PG_CONTEXT}; RETURN NULL;"
    )


class AuditTrigger(pgtrigger.Trigger):
    """One statement-level trigger of the trail; its function is built from the tracked model."""

    level = pgtrigger.Statement
    when = pgtrigger.After

    def __init__(self, action):
        self.action = action
        operation, referencing = {
            "create": (pgtrigger.Insert, pgtrigger.Referencing(new="new_rows")),
            "update": (pgtrigger.Update, pgtrigger.Referencing(old="old_rows", new="new_rows")),
            "delete": (pgtrigger.Delete, pgtrigger.Referencing(old="old_rows")),
        }[action]
        super().__init__(name=f"audit_{action}", operation=operation, referencing=referencing)

    def get_func(self, model):
        return postgresql_func(registry.get(model._meta.label_lower), self.action)

    def get_declare(self, model):
        return [("jit_before", "text")] if self.action == "update" else []


def register_postgresql(spec):
    """Hand a tracked model's three triggers to django-pgtrigger, which installs them on PostgreSQL only."""
    for action in ("create", "update", "delete"):
        AuditTrigger(action).register(spec.model)


# SQLite -------------------------------------------------------------------------------------------

_SQLITE_CONTEXT = "(SELECT kd_audit_context() AS c) x"
_SQLITE_ACTOR = (
    "json_extract(x.c, '$.u'), coalesce(json_extract(x.c, '$.a'), ''), "
    "coalesce(json_extract(x.c, '$.ip'), ''), coalesce(json_extract(x.c, '$.r'), '')"
)


def _sqlite_object(spec, row, secrets=True):
    columns = [c for c in spec.columns if secrets or c not in spec.secret_columns]
    return "json_object(" + ", ".join(f"{_literal(c)}, {row}.{_q(c)}" for c in columns) + ")"


def sqlite_trigger(spec, action):
    event, row = {"create": ("INSERT", "NEW"), "update": ("UPDATE", "NEW"), "delete": ("DELETE", "OLD")}[action]
    parent_model, parent_id = _parent(spec, row)
    secret = ", ".join(_literal(c) for c in spec.secret_columns) or "NULL"
    head = (
        f"INSERT INTO audit_auditevent ({EVENT_COLUMNS}) SELECT {_literal(action)}, {_literal(spec.label)}, "
        f"{row}.{_q(spec.pk_column)}, {parent_model}, {parent_id}, {_organization(spec, row)}, d.c, {_SQLITE_ACTOR}"
    )
    if action == "update":
        body = (
            f"{head} FROM (SELECT json_group_object(o.key, CASE WHEN o.key IN ({secret}) THEN json_array(NULL, NULL) "
            "ELSE json_array(o.value, n.value) END) AS c, count(*) AS k "
            f"FROM json_each({_sqlite_object(spec, 'OLD')}) o JOIN json_each({_sqlite_object(spec, 'NEW')}) n "
            f"ON n.key = o.key WHERE o.value IS NOT n.value) d, {_SQLITE_CONTEXT} WHERE d.k > 0;"
        )
    else:
        body = (
            f"{head} FROM (SELECT coalesce(json_group_object(e.key, e.value), '{{}}') AS c "
            f"FROM json_each({_sqlite_object(spec, row)}) e WHERE e.value IS NOT NULL) d, {_SQLITE_CONTEXT};"
        )
    name = _q(f"audit_{spec.model._meta.db_table}_{action}")
    if action == "update":
        # Not fired at all by an UPDATE that sets only excluded columns (a sub-tree's stored places).
        event += " OF " + ", ".join(_q(column) for column in spec.columns)
    return f"CREATE TRIGGER {name} AFTER {event} ON {_q(spec.model._meta.db_table)} FOR EACH ROW BEGIN {body} END"


def install_sqlite(using):
    """Drop the trail's triggers on an SQLite database and create them again from the models as they are."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit!_%' ESCAPE '!'")
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER {_q(name)}")
        for spec in registry.tracked():
            for action in ("create", "update", "delete"):
                cursor.execute(sqlite_trigger(spec, action))
