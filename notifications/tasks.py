"""Celery tasks: the periodic sweep and digest builder, and one small task per email.

Tasks take primary keys only (JSON serializer), re-read their rows and return
quietly when there is nothing to do. The send tasks are ``acks_late``: a worker
killed mid-send leaves the message on the broker, and the ledger claim makes the
second run harmless. They retry only transient SMTP/network errors, with
exponential backoff and a cap.
"""

from celery import shared_task
from django.conf import settings

from notifications import sending, sweep


@shared_task(name="notifications.sweep_reminders")
def sweep_reminders():
    result = sweep.sweep()
    return {"items": result.items, "created": result.created, "requeued": result.requeued}


@shared_task(name="notifications.build_digests")
def build_digests():
    return len(sending.build_digests())


_SEND_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": sending.TRANSIENT_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": settings.NOTIFICATIONS_MAX_ATTEMPTS - 1,
}


@shared_task(name="notifications.send_delivery", **_SEND_OPTIONS)
def send_delivery(self, delivery_id):
    return sending.deliver(delivery_id)


@shared_task(name="notifications.send_digest", **_SEND_OPTIONS)
def send_digest(self, digest_id):
    return sending.send_digest_now(digest_id)
