"""Celery beat's scheduler, which records each tick for the health check (``CELERY_BEAT_SCHEDULER``).

Beat ticks at least once per sweep period; the health check fails when the last
tick is older than two periods. A failed write is logged and never stops beat:
its reminders matter more than its heartbeat.
"""

import logging

from celery.beat import PersistentScheduler
from django.db import DatabaseError, connection
from django.utils import timezone

from operations.models import Heartbeat

logger = logging.getLogger(__name__)

BEAT = "beat"


def record_tick(now=None):
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"beat_at": now or timezone.now()})


def last_tick():
    return Heartbeat.objects.filter(name=BEAT).values_list("beat_at", flat=True).first()


class HeartbeatScheduler(PersistentScheduler):
    def tick(self, *args, **kwargs):
        try:
            record_tick()
        except DatabaseError as error:
            logger.warning("Beat could not record its tick: %s", error)
            connection.close()  # a broken connection is opened afresh at the next tick
        return super().tick(*args, **kwargs)
