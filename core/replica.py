"""Reads of the dashboard, reports and exports go to a read-only replica when one is configured.

``DATABASE_REPLICA_URL`` adds the ``replica`` database alias. A view decorated
with ``reads_from_replica`` (or code inside ``reading_from_replica()``) reads
from it; every write, and every read elsewhere, uses the primary. The figures may
lag the primary by the replication delay, which reports can afford and editing
pages cannot, so only read-only pages and export files are sent there. Without
the alias nothing changes.
"""

import contextlib
import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
# Sessions are read on every request and may have been written a moment ago: always the primary.
_PRIMARY_ONLY = {"sessions"}
_reading = contextvars.ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def reading_from_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in settings.DATABASES and model._meta.app_label not in _PRIMARY_ONLY:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
