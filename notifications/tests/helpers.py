"""Helpers for the providers' tests in other apps: run a sweep at a moment in Hà Nội, see what it recorded."""

import datetime

import time_machine

from notifications.models import Delivery
from notifications.sweep import sweep
from notifications.tests.conftest import at


def sweep_on(day, kind, hour=8, minute=0):
    """Sweep at ``day`` ``hour``:``minute`` local time; the (object id, step, recipient id) of ``kind`` it recorded."""
    before = set(Delivery.objects.values_list("pk", flat=True))
    with time_machine.travel(at(day, hour, minute), tick=False):
        sweep()
    return set(
        Delivery.objects.filter(kind=kind).exclude(pk__in=before).values_list("object_id", "step", "recipient_id")
    )


DAY = datetime.timedelta(days=1)
