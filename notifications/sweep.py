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
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import ngettext

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
    Step,
)
from notifications.providers import registry
from notifications.schedule import due_escalations, horizon, latest_reminder
from notifications.sending import send_delivery, send_digest

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000


@dataclass
class SweepResult:
    items: int = 0
    created: int = 0
    requeued: int = 0
    resolved: int = 0
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
        context.result.resolved = sum(resolve_done(provider, now) for provider in registry.all())
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
    escalated: set = field(default_factory=set)  # who got new top-level escalations of the current provider


def _sweep_provider(provider, context):
    schedule = ReminderSchedule.for_kind(provider.kind)
    content_type_id = provider.content_type().pk
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
        del rows
        context.result.items += len(items)
        candidates = _candidates(provider, schedule, content_type_id, channels, items, context)
        if context.dry_run:
            context.result.would_send += candidates
        elif candidates:
            context.result.created += _claim(candidates, context)
    if context.escalated:
        summarize_escalations(provider, context.escalated, context.now)
        context.escalated = set()


class Candidate(NamedTuple):
    """One ledger row to insert, as a plain tuple (in the column order of ``_COLUMNS``)."""

    kind: str
    content_type_id: int
    object_id: int
    step: str
    recipient_id: int
    due_date: datetime.date
    deadline: datetime.date
    organization_id: int
    title: str
    url: str
    channel: str
    status: str
    sent_at: object


def _recorded(kind, content_type_id, object_ids):
    """The keys already in the ledger for these items: one index scan, so repeated sweeps build nothing."""
    return set(
        Delivery.objects.filter(kind=kind, content_type_id=content_type_id, object_id__in=object_ids).values_list(
            "object_id", "step", "recipient_id", "due_date"
        )
    )


def _candidates(provider, schedule, content_type_id, channels, items, context):
    """The ledger rows due by today in this chunk that are not recorded yet."""
    object_ids = [item.object_id for item in items]
    acknowledged = set(
        Acknowledgement.objects.filter(
            kind=provider.kind, content_type_id=content_type_id, object_id__in=object_ids
        ).values_list("object_id", "deadline")
    )
    recorded = _recorded(provider.kind, content_type_id, object_ids)
    context.ladder.preload({item.organization_id for item in items})
    planned = []
    for item in items:
        occurrences = []
        reminder = latest_reminder(schedule, item.deadline, context.today)
        if reminder:
            occurrences.append(reminder)
        if (item.object_id, item.deadline) not in acknowledged:
            occurrences += due_escalations(schedule, item.deadline, context.today)
        for occurrence in occurrences:
            users = [
                user_id
                for user_id in context.ladder.recipients(occurrence.step, item)
                if (item.object_id, occurrence.step, user_id, occurrence.due_date) not in recorded
            ]
            if users:
                planned.append((item, occurrence, users))
    context.recipients.load(user_id for _item, _occurrence, users in planned for user_id in users)

    candidates = []
    for item, occurrence, users in planned:
        title, url = str(item.title)[:255], str(item.url)[:500]
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
                Candidate(
                    provider.kind,
                    content_type_id,
                    item.object_id,
                    occurrence.step,
                    user_id,
                    occurrence.due_date,
                    item.deadline,
                    item.organization_id,
                    title,
                    url,
                    channel,
                    # The inbox row is the whole delivery when no email goes out.
                    DeliveryStatus.SENT if in_app else DeliveryStatus.PENDING,
                    context.now if in_app else None,
                )
            )
    return candidates


# Columns of a new ledger row: the candidate's, then the ones every row of a sweep shares.
_COLUMNS = (*Candidate._fields, "attempts", "last_error", "sweep_token", "created_at", "updated_at")
INSERT_BATCH = 1000  # 18 parameters a row: within SQLite's 32,766


def _claim(candidates, context):
    """Insert the chunk's rows, keep those this sweep created, notify for those only.

    ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite 3.35+) hands
    back exactly the rows this statement created; a key another sweep recorded
    meanwhile comes back as nothing, so it is notified by that sweep alone. On
    PostgreSQL the inbox rows are written by the same statement.
    """
    in_one_statement = connection.vendor == "postgresql"
    with transaction.atomic():
        if connection.features.can_return_rows_from_bulk_insert:
            created = []
            for start in range(0, len(candidates), INSERT_BATCH):
                batch = candidates[start : start + INSERT_BATCH]
                created += _insert_returning(batch, context, with_notifications=in_one_statement)
        else:
            created, in_one_statement = _insert_then_select(candidates, context), False
        # The top level hears of each item in its summary row (``summarize_escalations``), not one row per item.
        context.escalated |= {recipient for _pk, _channel, step, recipient in created if step == SUMMARIZED_STEP}
        if not in_one_statement:
            itemized = [pk for pk, _channel, step, _recipient in created if step != SUMMARIZED_STEP]
            for start in range(0, len(itemized), INSERT_BATCH):
                _insert_notifications(itemized[start : start + INSERT_BATCH], context.now)
        if created:
            _supersede(
                candidates[0].kind, candidates[0].content_type_id, {c.object_id for c in candidates}, context.now
            )
        for pk, channel, _step, _recipient in created:
            if channel == Channel.IMMEDIATE:
                transaction.on_commit(lambda pk=pk: send_delivery.delay(pk))
    return len(created)


def _shared_values(context):
    ops = connection.ops
    token = Delivery._meta.get_field("sweep_token").get_db_prep_value(context.token, connection)
    now = ops.adapt_datetimefield_value(context.now)
    return [0, "", token, now, now]


def _insert_returning(candidates, context, with_notifications=False):
    """``[(id, channel, step, recipient)]`` of the rows this INSERT created (and, if asked, their inbox rows:
    PostgreSQL only)."""
    ops = connection.ops
    shared = _shared_values(context)
    columns = ", ".join(ops.quote_name(Delivery._meta.get_field(name).column) for name in _COLUMNS)
    row = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    params = []
    for candidate in candidates:
        params += [
            *candidate[:5],
            ops.adapt_datefield_value(candidate.due_date),
            ops.adapt_datefield_value(candidate.deadline),
            *candidate[7:12],
            ops.adapt_datetimefield_value(candidate.sent_at),
            *shared,
        ]
    insert = (
        f"INSERT INTO {ops.quote_name(Delivery._meta.db_table)} ({columns}) "
        f"VALUES {', '.join([row] * len(candidates))} ON CONFLICT DO NOTHING"
    )
    if with_notifications:
        targets = ", ".join(ops.quote_name(Notification._meta.get_field(name).column) for name in _NOTIFICATION_FIELDS)
        sources = ", ".join(ops.quote_name(Delivery._meta.get_field(name).column) for name in _DELIVERY_SOURCES)
        sql = (
            f"WITH created AS ({insert} RETURNING *), "
            f"inbox AS (INSERT INTO {ops.quote_name(Notification._meta.db_table)} ({targets}) "
            f"SELECT {sources}, %s FROM created WHERE step <> %s) "
            "SELECT id, channel, step, recipient_id FROM created"
        )
        params += [ops.adapt_datetimefield_value(context.now), SUMMARIZED_STEP]
    else:
        sql = f"{insert} RETURNING id, channel, step, recipient_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(found) for found in cursor.fetchall()]


# An inbox row copies these ledger columns (then its creation time).
_NOTIFICATION_FIELDS = (
    "user", "kind", "step", "title", "url", "deadline", "organization", "content_type", "object_id", "delivery",
    "created_at",
)  # fmt: skip
_DELIVERY_SOURCES = (
    "recipient", "kind", "step", "title", "url", "deadline", "organization", "content_type", "object_id", "id",
)  # fmt: skip


def _insert_then_select(candidates, context):
    """The portable fallback: insert ignoring conflicts, then re-select this sweep's rows by its token."""
    Delivery.objects.bulk_create(
        [Delivery(**candidate._asdict(), sweep_token=context.token) for candidate in candidates],
        ignore_conflicts=True,
        batch_size=INSERT_BATCH,
    )
    mine = Delivery.objects.filter(
        kind=candidates[0].kind,
        content_type_id=candidates[0].content_type_id,
        object_id__in={candidate.object_id for candidate in candidates},
        sweep_token=context.token,
    )
    return list(mine.values_list("pk", "channel", "step", "recipient_id"))


def _insert_notifications(delivery_ids, now):
    """One inbox row per delivery of ``delivery_ids``, as one INSERT ... SELECT; returns the count.

    The sweep writes up to hundreds of thousands of rows after downtime; building
    them in the database instead of as model instances halves the sweep's time.
    """
    columns = [Delivery._meta.get_field(name).attname for name in _DELIVERY_SOURCES]
    deliveries = Delivery.objects.filter(pk__in=delivery_ids).order_by()
    select, params = deliveries.values_list(*columns).query.sql_with_params()
    table = Notification._meta.db_table
    targets = ", ".join(
        connection.ops.quote_name(Notification._meta.get_field(name).column) for name in _NOTIFICATION_FIELDS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(table)} ({targets}) SELECT chunk.*, %s FROM ({select}) chunk",
            [connection.ops.adapt_datetimefield_value(now), *params],
        )
        return cursor.rowcount


# The Inspection Committee and city staff are told of a whole city's overdue items: one row per kind each.
SUMMARIZED_STEP = Step.ESCALATION_INSPECTION


def summary_key(kind):
    return f"escalated:{kind}"


def summarize_escalations(provider, user_ids, now, reopen=True):
    """Write each person's one summary row of ``provider``'s items escalated to them and still open.

    The ledger keeps one row per item (the digest lists them); the inbox shows
    the count and links to the provider's list. With ``reopen`` (new items were
    escalated) the row is unread again; when no item is left open it is resolved.
    """
    escalated = Delivery.objects.filter(kind=provider.kind, step=SUMMARIZED_STEP, recipient_id__in=list(user_ids))
    by_user = {}
    for user_id, object_id in escalated.values_list("recipient_id", "object_id").distinct():
        by_user.setdefault(user_id, set()).add(object_id)
    still_open = {pk for pk, _deadline in provider.open_deadlines({pk for ids in by_user.values() for pk in ids})}
    users = get_user_model().objects.in_bulk(list(user_ids))
    for user_id in user_ids:
        count = len(by_user.get(user_id, set()) & still_open)
        existing = Notification.objects.filter(user_id=user_id, event_key=summary_key(provider.kind)).first()
        if not count:
            if existing and existing.resolved_at is None:
                Notification.objects.filter(pk=existing.pk).update(resolved_at=now, read_at=existing.read_at or now)
            continue
        user = users.get(user_id)
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            title = ngettext(
                "%(kind)s: %(count)s item overdue, escalated to the Inspection Committee and city staff",
                "%(kind)s: %(count)s items overdue, escalated to the Inspection Committee and city staff",
                count,
            ) % {"kind": provider.label, "count": count}
        values = {"title": title[:255], "url": provider.list_url()[:500], "resolved_at": None}
        if existing is None:
            Notification.objects.create(
                user_id=user_id,
                kind=provider.kind,
                step=SUMMARIZED_STEP,
                event_key=summary_key(provider.kind),
                **values,
            )
        elif reopen:
            Notification.objects.filter(pk=existing.pk).update(read_at=None, created_at=now, **values)
        else:
            Notification.objects.filter(pk=existing.pk).update(**values)


def _supersede(kind, content_type_id, object_ids, now):
    """An item shows once in a person's inbox: a newer reminder of it marks the older unread ones read."""
    reminders = Notification.objects.exclude(step=Step.EVENT).filter(kind=kind, content_type_id=content_type_id)
    newer = reminders.filter(
        user=OuterRef("user"),
        object_id=OuterRef("object_id"),
        created_at__gte=OuterRef("created_at"),
        pk__gt=OuterRef("pk"),
    )
    reminders.filter(object_id__in=list(object_ids), read_at__isnull=True).filter(Exists(newer)).update(read_at=now)


def resolve_done(provider, now):
    """The unread notifications of ``provider``'s items that are done leave the unread count; returns how many.

    Done: the provider no longer lists the item as open (submitted, completed,
    decided, deleted). A reminder of a deadline that has since moved is done too
    (the new deadline has reminders of its own); an event stays until its item is done.
    """
    content_type_id = provider.content_type().pk
    waiting = Notification.objects.filter(
        kind=provider.kind, content_type_id=content_type_id, object_id__isnull=False, read_at__isnull=True
    )
    keys = set(waiting.values_list("object_id", "deadline", "step").distinct())
    object_ids = sorted({object_id for object_id, _deadline, _step in keys})
    done_ids, moved = [], []
    for start in range(0, len(object_ids), CHUNK_SIZE):
        chunk = object_ids[start : start + CHUNK_SIZE]
        open_deadlines = dict(provider.open_deadlines(chunk))
        done_ids += [object_id for object_id in chunk if object_id not in open_deadlines]
        moved += [
            (object_id, deadline)
            for object_id, deadline, step in keys
            if step != Step.EVENT and open_deadlines.get(object_id, deadline) != deadline
        ]
    summarized = Notification.objects.filter(event_key=summary_key(provider.kind), resolved_at__isnull=True)
    summarize_escalations(provider, list(summarized.values_list("user_id", flat=True)), now, reopen=False)
    resolved = 0
    for start in range(0, len(done_ids), CHUNK_SIZE):
        resolved += waiting.filter(object_id__in=done_ids[start : start + CHUNK_SIZE]).update(
            read_at=now, resolved_at=now
        )
    for object_id, deadline in set(moved):
        resolved += (
            waiting.exclude(step=Step.EVENT)
            .filter(object_id=object_id, deadline=deadline)
            .update(read_at=now, resolved_at=now)
        )
    return resolved


def requeue_stuck(now):
    """Re-enqueue emails whose task was lost (broker down, worker killed mid-send).

    A row is stuck when it has been pending, or claimed for sending, longer than the
    sending lease. The send task re-claims it with a conditional UPDATE, so a
    message that does arrive late as well still sends once.
    """
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
