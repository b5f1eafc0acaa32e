"""Celery's periodic tasks: the reminder sweep and the digest builder.

The one-email tasks (``send_delivery``, ``send_digest``) are in ``sending``,
beside what they run, so that the modules that enqueue them need not import
this one. Tasks take primary keys only (JSON serializer), re-read their rows and
return quietly when there is nothing to do. The send tasks are ``acks_late``: a
worker killed mid-send leaves the message on the broker, and the ledger claim
makes the second run harmless. They retry only transient SMTP/network errors,
with exponential backoff and a cap.
"""

from celery import shared_task

from notifications import sending, sweep


@shared_task(name="notifications.sweep_reminders")
def sweep_reminders():
    result = sweep.sweep()
    return {"items": result.items, "created": result.created, "requeued": result.requeued}


@shared_task(name="notifications.build_digests")
def build_digests():
    return len(sending.build_digests())
