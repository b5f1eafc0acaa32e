"""The health checks behind ``/health/`` and ``manage.py health``.

Each check raises ``ServiceUnavailable`` with a short reason when its part is not
well; ``run_checks()`` runs them one after the other in the calling thread (so
the database check uses the request's own connection) and returns the reason or
None for each. django-health-check provides the database and worker checks; the
worker check pings the Celery workers and names any queue no worker consumes.
"""

import dataclasses
import datetime
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.exceptions import HealthCheckException, ServiceUnavailable

from config.celery import app as celery_app
from operations import beat

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection."""

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        try:
            with celery_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as error:  # kombu raises the transport's own errors
            raise ServiceUnavailable(f"broker unreachable: {type(error).__name__}") from error


@dataclasses.dataclass
class BeatTick(HealthCheck):
    """Celery beat ticked within two sweep periods."""

    def run(self):
        last = beat.last_tick()
        if last is None:
            raise ServiceUnavailable("beat has never ticked")
        age = (timezone.now() - last).total_seconds()
        if age > 2 * settings.NOTIFICATIONS_SWEEP_SECONDS:
            raise ServiceUnavailable(f"beat's last tick was {age:.0f} s ago")


@dataclasses.dataclass
class MediaWritable(HealthCheck):
    """MEDIA_ROOT exists and takes a file (a shared mount that is missing would not)."""

    def run(self):
        root = Path(settings.MEDIA_ROOT)
        if settings.DEBUG:
            # A local run makes it on first use; on a server a missing MEDIA_ROOT (an unmounted share) fails.
            root.mkdir(parents=True, exist_ok=True)
        if not root.is_dir():
            raise ServiceUnavailable("MEDIA_ROOT is not a directory")
        try:
            with tempfile.NamedTemporaryFile(dir=root, prefix=".health-"):
                pass
        except OSError as error:
            raise ServiceUnavailable(f"MEDIA_ROOT is not writable: {error.strerror}") from error


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration of the code is applied to the database."""

    def run(self):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise ServiceUnavailable(f"{len(plan)} unapplied migration(s)")


def checks():
    """The checks by name, in the order the answer lists them."""
    return {
        "database": Database(),
        "broker": Broker(),
        "worker": Ping(app=celery_app, timeout=datetime.timedelta(seconds=1)),
        "beat": BeatTick(),
        "media": MediaWritable(),
        "migrations": Migrations(),
    }


def run_checks():
    """{name: None when well, else the reason}. A check that breaks unexpectedly counts as failing."""
    results = {}
    for name, check in checks().items():
        try:
            check.run()
        except HealthCheckException as error:
            results[name] = str(error)
        except Exception as error:  # a broken dependency is exactly what this reports
            logger.warning("Health check %s broke", name, exc_info=True)
            results[name] = f"check failed: {type(error).__name__}"
        else:
            results[name] = None
    return results
