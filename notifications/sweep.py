"""The reminder sweep: find what is due by now, record it once, hand it to the mailer.

``sweep()`` is safe to run at any time, twice at once, or after days of downtime:

* it selects items whose deadline is on or before ``today + max(days before)``
  (a range, never ``== today``) and computes, per item, the occurrences due by
  today (``notifications.schedule``), so a missed run is caught up by the next;
* it records every (kind, item, step, recipient, due date) in the ``Delivery``
  ledger with ``INSERT ... ON CONFLICT DO NOTHING`` and then re-selects only the
  rows its own INSERT created (by ``sweep_token``); a concurrent or repeated
  sweep creates nothing for keys already there, so it notifies nobody twice;
* for the rows it created it writes the inbox rows and, on commit, enqueues one
  small send task per immediate email; digest rows wait for the digest builder.

Items are read in chunks by primary key (keyset pagination), each chunk in its
own transaction, so memory stays flat whatever the number of due items.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from notifications.ladder import Ladder
from notifications.models import (
    ESCALATION_STEPS,
    Acknowledgement,
    Channel,
    Delivery,
    DeliveryStatus,
    Digest,
    Notification,
    NotificationPreference,
    ReminderSchedule,
)
from notifications.providers import registry
from notifications.schedule import due_escalations, horizon, latest_reminder

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000


@dataclass
class SweepResult:
    items: int = 0
    created: int = 0
    requeued: int = 0
    would_send: list = field(default_factory=list)  # filled by dry runs only


class _Recipients:
    """Active users' e-mail presence, looked up once per user per sweep."""

    def __init__(self):
        self._has_email = {}

    def load(self, user_ids):
        missing = [pk for pk in set(user_ids) if pk not in self._has_email]
        if missing:
            found = dict(get_user_model().objects.filter(pk__in=missing, is_active=True).values_list("pk", "email"))
            for pk in missing:
                self._has_email[pk] = bool(found.get(pk)) if pk in found else None

    def is_active(self, user_id):
        return self._has_email.get(user_id) is not None

    def has_email(self, user_id):
        return bool(self._has_email.get(user_id))


def sweep(now=None, dry_run=False):
    """Run one sweep over every registered provider; see the module docstring."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    context = _SweepContext(today=today, now=now, token=uuid.uuid4(), dry_run=dry_run)
    for provider in registry.all():
        _sweep_provider(provider, context)
    if not dry_run:
        context.result.requeued = requeue_stuck(now)
    logger.info(
        "Reminder sweep for %s: %s items, %s new deliveries, %s re-queued",
        today,
        context.result.items,
        context.result.created,
        context.result.requeued,
    )
    return context.result


@dataclass
class _SweepContext:
    today: object
    now: object
    token: uuid.UUID
    dry_run: bool
    ladder: Ladder = field(default_factory=Ladder)
    recipients: _Recipients = field(default_factory=_Recipients)
    result: SweepResult = field(default_factory=SweepResult)


def _sweep_provider(provider, context):
    schedule = ReminderSchedule.for_kind(provider.kind)
    content_type = provider.content_type()
    channels = dict(NotificationPreference.objects.filter(kind=provider.kind).values_list("user_id", "channel"))
    queryset = provider.due_queryset(horizon(schedule, context.today)).order_by("pk")
    last_pk = None
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        rows = list(page[:CHUNK_SIZE])
        if not rows:
            break
        last_pk = rows[-1].pk
        items = provider.describe_rows(rows)
        context.result.items += len(items)
        candidates = _candidates(provider, schedule, content_type, channels, items, context)
        if context.dry_run:
            context.result.would_send += _not_yet_recorded(candidates)
        else:
            context.result.created += _claim(provider, candidates, [item.object_id for item in items], context)


def _candidates(provider, schedule, content_type, channels, items, context):
    """Unsaved ledger rows for every occurrence due by today in this chunk."""
    acknowledged = set(
        Acknowledgement.objects.filter(
            kind=provider.kind, content_type=content_type, object_id__in=[item.object_id for item in items]
        ).values_list("object_id", "deadline")
    )
    planned = []
    for item in items:
        occurrences = []
        reminder = latest_reminder(schedule, item.deadline, context.today)
        if reminder:
            occurrences.append(reminder)
        if (item.object_id, item.deadline) not in acknowledged:
            occurrences += due_escalations(schedule, item.deadline, context.today)
        for occurrence in occurrences:
            planned.append((item, occurrence, context.ladder.recipients(occurrence.step, item)))
    context.recipients.load(user_id for _item, _occurrence, users in planned for user_id in users)

    candidates = []
    for item, occurrence, users in planned:
        for user_id in users:
            if not context.recipients.is_active(user_id):
                continue
            channel = channels.get(user_id, Channel.DIGEST)
            if not context.recipients.has_email(user_id):
                channel = Channel.IN_APP
            elif channel == Channel.IN_APP and occurrence.step in ESCALATION_STEPS:
                channel = Channel.DIGEST  # escalations cannot be switched off: they are always emailed
            in_app = channel == Channel.IN_APP
            candidates.append(
                Delivery(
                    kind=provider.kind,
                    content_type=content_type,
                    object_id=item.object_id,
                    step=occurrence.step,
                    recipient_id=user_id,
                    due_date=occurrence.due_date,
                    deadline=item.deadline,
                    organization_id=item.organization_id,
                    title=str(item.title)[:255],
                    url=str(item.url)[:500],
                    channel=channel,
                    # The inbox row is the whole delivery when no email goes out.
                    status=DeliveryStatus.SENT if in_app else DeliveryStatus.PENDING,
                    sent_at=context.now if in_app else None,
                    sweep_token=context.token,
                )
            )
    return candidates


def _key(delivery):
    return (delivery.object_id, delivery.step, delivery.recipient_id, delivery.due_date)


def _not_yet_recorded(candidates):
    if not candidates:
        return []
    first = candidates[0]
    existing = set(
        Delivery.objects.filter(
            kind=first.kind,
            content_type_id=first.content_type_id,
            object_id__in={candidate.object_id for candidate in candidates},
        ).values_list("object_id", "step", "recipient_id", "due_date")
    )
    return [candidate for candidate in candidates if _key(candidate) not in existing]


def _claim(provider, candidates, object_ids, context):
    """Insert the chunk's rows, keep those this sweep created, notify for those only."""
    if not candidates:
        return 0
    from notifications.tasks import send_delivery

    with transaction.atomic():
        Delivery.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=CHUNK_SIZE)
        mine = Delivery.objects.filter(sweep_token=context.token, kind=provider.kind, object_id__in=object_ids)
        created = _insert_notifications(mine, context.now)
        for pk in mine.filter(channel=Channel.IMMEDIATE).values_list("pk", flat=True):
            transaction.on_commit(lambda pk=pk: send_delivery.delay(pk))
    return created


def _insert_notifications(deliveries, now):
    """One inbox row per delivery in ``deliveries``, as one INSERT ... SELECT; returns the count.

    The sweep writes up to hundreds of thousands of rows after downtime; building
    them in the database instead of as model instances halves the sweep's time.
    """
    columns = ("recipient_id", "kind", "step", "title", "url", "deadline", "organization_id", "pk")
    select, params = deliveries.order_by().values_list(*columns).query.sql_with_params()
    table = Notification._meta.db_table
    targets = ", ".join(
        connection.ops.quote_name(Notification._meta.get_field(name).column)
        for name in ("user", "kind", "step", "title", "url", "deadline", "organization", "delivery", "created_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(table)} ({targets}) SELECT chunk.*, %s FROM ({select}) chunk",
            [connection.ops.adapt_datetimefield_value(now), *params],
        )
        return cursor.rowcount


def requeue_stuck(now):
    """Re-enqueue emails whose task was lost (broker down, worker killed mid-send).

    A row is stuck when it has been pending, or claimed for sending, longer than the
    sending lease. The send task re-claims it with a conditional UPDATE, so a
    message that does arrive late as well still sends once.
    """
    from notifications.tasks import send_delivery, send_digest

    cutoff = now - datetime.timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE)
    stuck = Q(status=DeliveryStatus.PENDING, updated_at__lt=cutoff) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=cutoff
    )
    delivery_ids = list(Delivery.objects.filter(stuck, channel=Channel.IMMEDIATE).values_list("pk", flat=True)[:5000])
    digest_ids = list(Digest.objects.filter(stuck).values_list("pk", flat=True)[:5000])
    for pk in delivery_ids:
        transaction.on_commit(lambda pk=pk: send_delivery.delay(pk))
    for pk in digest_ids:
        transaction.on_commit(lambda pk=pk: send_digest.delay(pk))
    return len(delivery_ids) + len(digest_ids)
