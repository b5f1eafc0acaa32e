"""How the acting context reaches the database triggers of the trail (``audit.triggers``).

PostgreSQL: each INSERT, UPDATE or DELETE Django sends is preceded, in the same
statement string and so the same transaction, by ``set_config('kd.audit', …,
true)`` holding the context as JSON (or clearing it): the triggers read it with
``current_setting``. It is transaction-local, so a pooled connection carries
nothing over to the next request. SQLite: the triggers call
``kd_audit_context()``, a function registered on each connection that returns
the same JSON.
"""

from audit.context import as_json

_WRITES = frozenset({"INSERT", "UPDATE", "DELETE"})


def _literal(value, params):
    text = "'" + (value or "").replace("'", "''") + "'"
    # With parameters the driver interpolates %s, so a literal % must be doubled.
    return text.replace("%", "%%") if params is not None else text


def with_context(execute, sql, params, many, context):
    """Execute wrapper: put the acting context before each write statement."""
    if sql.lstrip()[:6].upper() in _WRITES:
        sql = f"SELECT set_config('kd.audit', {_literal(as_json(), params)}, true); {sql}"
    return execute(sql, params, many, context)


def on_connection_created(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        if with_context not in connection.execute_wrappers:
            connection.execute_wrappers.append(with_context)
    elif connection.vendor == "sqlite":
        connection.connection.create_function("kd_audit_context", 0, as_json, deterministic=False)
