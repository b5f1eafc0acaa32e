"""Mailing what the sweep recorded: one immediate reminder, or one person's daily digest.

Both functions are idempotent. They first claim their ledger row with a
conditional UPDATE (pending → sending, or a "sending" row whose lease expired
because its worker died), so a task delivered twice, retried or re-queued sends
at most once. Then they re-ask the provider whether the item is still open with
the same deadline, and skip it otherwise. Transient SMTP and network errors are
recorded and re-raised for the task to retry; after ``NOTIFICATIONS_MAX_ATTEMPTS``
the row is marked failed and shows on the failed-deliveries page. An address
that is not a valid email address fails at once: retrying cannot fix it.
"""

import datetime
import logging
import smtplib
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from core.emails import absolute_url, build_email
from notifications.digests import digest_context
from notifications.models import ESCALATION_STEPS, Acknowledgement, Channel, Delivery, DeliveryStatus, Digest, Step
from notifications.providers import registry

logger = logging.getLogger(__name__)

# Errors worth retrying: the SMTP server refused for now, or could not be reached.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
RECHECK_CHUNK = 1000
DIGEST_BATCH = 500


class InvalidAddress(Exception):
    pass


def _claim(model, pk, now, **extra):
    """Pending → sending, or take over a "sending" row whose lease expired. True if claimed."""
    cutoff = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE)
    claimable = Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff)
    return bool(
        model.objects.filter(claimable, pk=pk, **extra).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
    )


def _finish(model, pk, status, error=""):
    now = timezone.now()
    values = {"status": status, "last_error": error[:2000], "updated_at": now}
    if status == DeliveryStatus.SENT:
        values["sent_at"] = now
    model.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(**values)


def _address(user):
    try:
        validate_email(user.email)
    except ValidationError:
        raise InvalidAddress(f"Invalid email address: {user.email!r}") from None
    return user.email


def _open_keys(kind, deliveries):
    """The (object id, deadline) pairs among ``deliveries`` that are still open now, and those acknowledged."""
    provider = registry.get(kind)
    if provider is None:
        return None
    content_type_id = provider.content_type().pk
    ids = [delivery.object_id for delivery in deliveries if delivery.content_type_id == content_type_id]
    open_keys, acknowledged = set(), set()
    for start in range(0, len(ids), RECHECK_CHUNK):
        chunk = ids[start : start + RECHECK_CHUNK]
        open_keys |= provider.open_deadlines(chunk)
        acknowledged |= set(
            Acknowledgement.objects.filter(kind=kind, content_type_id=content_type_id, object_id__in=chunk).values_list(
                "object_id", "deadline"
            )
        )
    return open_keys, acknowledged


def _still_due(deliveries):
    """The subset of ``deliveries`` whose item is open with the same deadline (and not acknowledged)."""
    by_kind = defaultdict(list)
    for delivery in deliveries:
        by_kind[delivery.kind].append(delivery)
    due = []
    for kind, group in by_kind.items():
        found = _open_keys(kind, group)
        if found is None:  # no app provides this kind any more
            continue
        open_keys, acknowledged = found
        for delivery in group:
            key = (delivery.object_id, delivery.deadline)
            if key in open_keys and not (delivery.step in ESCALATION_STEPS and key in acknowledged):
                due.append(delivery)
    return due


def _send(message, model, pk, attempts):
    """Send, then record the outcome; re-raise transient errors unless attempts are used up."""
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        _finish(model, pk, DeliveryStatus.FAILED, f"Recipient refused: {exc}")
        return DeliveryStatus.FAILED
    except TRANSIENT_ERRORS as exc:
        final = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        _finish(model, pk, DeliveryStatus.FAILED if final else DeliveryStatus.PENDING, f"{type(exc).__name__}: {exc}")
        logger.warning("Sending %s %s failed (attempt %s): %s", model.__name__, pk, attempts, exc)
        if final:
            return DeliveryStatus.FAILED
        raise
    _finish(model, pk, DeliveryStatus.SENT)
    return DeliveryStatus.SENT


def deliver(delivery_id):
    """Mail one immediate reminder at most once; returns the resulting status (or None)."""
    now = timezone.now()
    if not _claim(Delivery, delivery_id, now, channel=Channel.IMMEDIATE):
        logger.info("Delivery %s is gone, done or being sent; nothing to do", delivery_id)
        return None
    delivery = Delivery.objects.select_related("recipient", "organization").get(pk=delivery_id)
    # An event (a verdict, a decision) is news whatever the item's state; only reminders are re-checked.
    if delivery.step != Step.EVENT and not _still_due([delivery]):
        _finish(Delivery, delivery.pk, DeliveryStatus.SKIPPED, "The item was completed, moved or deleted")
        return DeliveryStatus.SKIPPED
    recipient = delivery.recipient
    try:
        address = _address(recipient)
    except InvalidAddress as exc:
        _finish(Delivery, delivery.pk, DeliveryStatus.FAILED, str(exc))
        return DeliveryStatus.FAILED
    context = {
        "delivery": delivery,
        "recipient": recipient,
        "kind_label": registry.label(delivery.kind),
        "item_link": absolute_url(delivery.url),
        "inbox_link": absolute_url("/notifications/"),
        "today": timezone.localdate(now),
        "days_overdue": (timezone.localdate(now) - delivery.deadline).days,
    }
    message = build_email("notifications/email/reminder", context, [address], language=recipient.language)
    return _send(message, Delivery, delivery.pk, delivery.attempts)


def send_digest_now(digest_id):
    """Mail one digest at most once, leaving out items completed since they became due."""
    now = timezone.now()
    if not _claim(Digest, digest_id, now):
        logger.info("Digest %s is gone, done or being sent; nothing to do", digest_id)
        return None
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    waiting = Delivery.objects.filter(digest=digest, status=DeliveryStatus.PENDING)
    pending = list(waiting.values_list("pk", "kind", "content_type_id", "object_id", "deadline", "step", named=True))
    due_ids = {delivery.pk for delivery in _still_due(pending)}
    stale_ids = [delivery.pk for delivery in pending if delivery.pk not in due_ids]
    for start in range(0, len(stale_ids), RECHECK_CHUNK):
        Delivery.objects.filter(pk__in=stale_ids[start : start + RECHECK_CHUNK]).update(
            status=DeliveryStatus.SKIPPED, updated_at=now
        )
    if not due_ids:
        _finish(Digest, digest.pk, DeliveryStatus.SKIPPED, "Every item was completed, moved or deleted")
        return DeliveryStatus.SKIPPED
    recipient = digest.recipient
    try:
        address = _address(recipient)
    except InvalidAddress as exc:
        _finish(Digest, digest.pk, DeliveryStatus.FAILED, str(exc))
        return DeliveryStatus.FAILED
    context = digest_context(digest, waiting, timezone.localdate(now))
    context["inbox_link"] = absolute_url("/notifications/")
    message = build_email("notifications/email/digest", context, [address], language=recipient.language)
    status = _send(message, Digest, digest.pk, digest.attempts)
    if status == DeliveryStatus.SENT:
        waiting.update(status=DeliveryStatus.SENT, sent_at=timezone.now(), updated_at=timezone.now())
    return status


def build_digests(now=None):
    """Open today's digest for everyone with reminders waiting, once the digest time has come.

    Returns the ids of the digests opened. Set-based: one INSERT of the day's
    digests (the unique (recipient, day) key makes a second or concurrent run
    insert nothing), one UPDATE attaching every waiting row to its person's
    digest, whatever the number of people.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.time() < settings.NOTIFICATIONS_DIGEST_TIME:
        return []
    today = local.date()
    waiting = Delivery.objects.filter(channel=Channel.DIGEST, digest__isnull=True, status=DeliveryStatus.PENDING)
    recipient_ids = list(
        waiting.exclude(recipient__digests__day=today).values_list("recipient_id", flat=True).distinct()
    )
    if not recipient_ids:
        return []
    created_ids = []
    for start in range(0, len(recipient_ids), DIGEST_BATCH):
        batch = recipient_ids[start : start + DIGEST_BATCH]
        with transaction.atomic():
            Digest.objects.bulk_create(
                [Digest(recipient_id=pk, day=today) for pk in batch], ignore_conflicts=True, batch_size=DIGEST_BATCH
            )
            todays = Digest.objects.filter(day=today, recipient_id=OuterRef("recipient_id")).values("pk")[:1]
            waiting.filter(recipient_id__in=batch).update(digest_id=Subquery(todays), updated_at=now)
            opened = Digest.objects.filter(day=today, recipient_id__in=batch, status=DeliveryStatus.PENDING)
            # A digest another run opened and filled is left to that run; an empty one is dropped.
            opened.filter(deliveries__isnull=True).delete()
            ids = list(opened.values_list("pk", flat=True))
            for pk in ids:
                transaction.on_commit(lambda pk=pk: send_digest.delay(pk))
            created_ids += ids
    return created_ids


# The send tasks live beside what they run, so the sweep, the digest builder and
# the event notices enqueue them without importing the tasks module (which runs them).
_SEND_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": settings.NOTIFICATIONS_MAX_ATTEMPTS - 1,
}


@shared_task(name="notifications.send_delivery", **_SEND_OPTIONS)
def send_delivery(self, delivery_id):
    return deliver(delivery_id)


@shared_task(name="notifications.send_digest", **_SEND_OPTIONS)
def send_digest(self, digest_id):
    return send_digest_now(digest_id)
