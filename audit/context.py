"""Who is acting, as the audit triggers read it: user, name, address, request id.

One context variable per thread and task: the request middleware
(``accounts.middleware.AuditContextMiddleware``) sets it for a request, the
Celery signals (``audit.apps``) for a task, ``manage.py`` for a command, and a
step that acts for someone else (an import run by a worker for the user who
started it) with ``acting()``. The database reads it through ``as_json()``:
PostgreSQL from a transaction-local setting put before each write statement
(``audit.connection``), SQLite from a function registered on the connection.
Nothing here imports Django's settings, so ``manage.py`` can use it first.
"""

import contextlib
import contextvars
import json

_current = contextvars.ContextVar("audit_actor", default=None)

# What a row changed by no known actor (a shell without manage.py, a test) says.
UNKNOWN = ""


@contextlib.contextmanager
def acting(actor, *, user_id=None, address="", request_id=None):
    """Attribute every change made inside to ``actor`` (a user name, "manage.py seed_demo", "task …")."""
    token = _current.set({"u": user_id, "a": str(actor)[:150], "ip": address or "", "r": request_id})
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def acting_as_user(user, *, via=""):
    """``acting`` for ``user`` (a Django user), optionally saying through what: "alice (import 12)"."""
    name = user.get_username() if user is not None else ""
    actor = f"{name} ({via})" if via and name else (name or via)
    with acting(actor, user_id=user.pk if user is not None else None):
        yield


def current():
    """The acting context (a dict) or None; the request id comes from core's logs when the context has none."""
    value = _current.get()
    if value is not None and value.get("r") is None:
        from core.logs import request_id

        value = {**value, "r": request_id.get()}
    return value


def as_json():
    value = current()
    return json.dumps(value, ensure_ascii=False) if value else None


def command_actor(argv):
    """How a management command is named in the trail: "manage.py seed_demo"."""
    return "manage.py " + (argv[1] if len(argv) > 1 else "")
