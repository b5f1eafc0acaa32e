"""What people do with notifications: read them, acknowledge items, choose channels, set schedules."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from notifications.models import (
    Acknowledgement,
    Channel,
    Delivery,
    Notification,
    NotificationPreference,
    ReminderSchedule,
    Step,
)
from notifications.sending import send_delivery


@transaction.atomic
def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def mark_all_read(user):
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def acknowledge(notification, user):
    """Record that ``user`` saw the overdue item of ``notification``: its escalation stops.

    Idempotent: acknowledging twice keeps the first record. Returns the acknowledgement,
    or None when the notification is not about a reminder item.
    """
    delivery = notification.delivery
    if delivery is None:
        return None
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        kind=delivery.kind,
        content_type_id=delivery.content_type_id,
        object_id=delivery.object_id,
        deadline=delivery.deadline,
        defaults={"user": user},
    )
    mark_read(notification)
    return acknowledgement


@transaction.atomic
def save_preferences(user, channels):
    """Store ``{kind: channel}`` for ``user``."""
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


@transaction.atomic
def save_schedule(kind, user, days_before, on_the_day, overdue_every_days, escalation_delays):
    schedule = ReminderSchedule.for_kind(kind)
    schedule.days_before = days_before
    schedule.on_the_day = on_the_day
    schedule.overdue_every_days = overdue_every_days
    schedule.escalation_delays = escalation_delays
    schedule.updated_by = user
    schedule.save()
    return schedule


def notify_event(recipients, kind, obj, *, organization_id, url, title, deadline=None, event="", exclude=(), item=None):
    """Tell ``recipients`` (users) that something happened to ``obj``: an inbox row each, mail if they chose it.

    ``title`` is a callable returning the text, called in each recipient's
    language (or a plain string). ``event`` names what happened (unique per
    object: "returned-3", "issued"): each person is told of it once, however
    often it is reported. ``exclude`` are users never told (the person who
    acted). ``item`` is the object the notification asks to act on (``obj`` by
    default): when its provider no longer lists it as open, or ``resolve()`` is
    called for it, the notification leaves the unread count.
    People who chose immediate mail for ``kind`` also get one email through the
    reminder ledger (one per item, event kind, person and day), sent by the send
    task on commit. Returns the notifications created.
    """
    excluded = {user.pk for user in exclude if user is not None}
    users = [
        user for user in {user.pk: user for user in recipients}.values() if user.is_active and user.pk not in excluded
    ]
    item = obj if item is None else item
    content_type = ContentType.objects.get_for_model(obj)
    event_key = f"{kind}:{content_type.pk}:{obj.pk}:{event}"[:128] if event else ""
    if event_key:
        told = set(
            Notification.objects.filter(event_key=event_key, user__in=[user.pk for user in users]).values_list(
                "user_id", flat=True
            )
        )
        users = [user for user in users if user.pk not in told]
    if not users:
        return []
    now = timezone.now()
    immediate = set(
        NotificationPreference.objects.filter(
            kind=kind, channel=Channel.IMMEDIATE, user__in=[user.pk for user in users]
        ).values_list("user_id", flat=True)
    )
    item_type = ContentType.objects.get_for_model(item)
    created = []
    for user in users:
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            text = str(title() if callable(title) else title)[:255]
        delivery = None
        if user.pk in immediate and user.email:
            delivery, new = Delivery.objects.get_or_create(
                kind=kind,
                content_type=content_type,
                object_id=obj.pk,
                step=Step.EVENT,
                recipient=user,
                due_date=timezone.localdate(now),
                defaults={
                    "deadline": deadline or timezone.localdate(now),
                    "organization_id": organization_id,
                    "title": text,
                    "url": url[:500],
                    "channel": Channel.IMMEDIATE,
                    "sweep_token": uuid.uuid4(),
                },
            )
            if new:
                transaction.on_commit(lambda pk=delivery.pk: send_delivery.delay(pk))
            else:
                delivery = None  # mailed already today; the inbox still gets the news
        created.append(
            Notification(
                user=user,
                kind=kind,
                step=Step.EVENT,
                title=text,
                url=url[:500],
                deadline=deadline,
                organization_id=organization_id,
                delivery=delivery,
                content_type=item_type,
                object_id=item.pk,
                event_key=event_key,
            )
        )
    # A concurrent report of the same event inserted its rows first: the unique (user, event) key drops ours.
    return Notification.objects.bulk_create(created, ignore_conflicts=bool(event_key))


def notify(recipients, kind, obj, **details):
    """``notify_event()`` once the caller's transaction commits: a rolled-back step tells nobody.

    For the domain apps' services: ``details`` are ``notify_event``'s keyword arguments.
    Recipients are read when called (a list), so later changes to roles do not change who is told.
    """
    recipients = list(recipients)
    exclude = list(details.pop("exclude", ()))
    transaction.on_commit(
        lambda: transaction.atomic(using=None)(notify_event)(recipients, kind, obj, exclude=exclude, **details)
    )


def resolve(obj, *kinds):
    """The notifications about ``obj`` (of ``kinds``, or all) leave the unread count: the work they asked for is done.

    Runs on commit, for the events no provider follows (a report waiting for a
    decision is decided); the sweep resolves the items of providers by itself.
    """
    content_type = ContentType.objects.get_for_model(obj)

    def run():
        waiting = Notification.objects.filter(content_type=content_type, object_id=obj.pk, resolved_at__isnull=True)
        if kinds:
            waiting = waiting.filter(kind__in=kinds)
        now = timezone.now()
        # One statement (one commit): the unread ones are read now, the read ones keep when they were read.
        waiting.update(resolved_at=now, read_at=Coalesce("read_at", Value(now)))

    transaction.on_commit(run)


def tally(key, kind, count, *, recipients=(), title, url, organization_id=None, exclude=()):
    """One row per person for a group of like items (``key``): "15 individual reviews to accept", not 15 rows.

    Runs on commit, like ``notify``. ``count()`` is read then: the number of
    items of the group still waiting. Each of ``recipients`` (but ``exclude``)
    gets the group's row once (unique ``event_key``), unread again when the
    count grew; everyone's row shows the new count; at zero the rows are resolved.
    ``title(count)`` gives the text, called in each person's language.
    """
    recipients = [user for user in recipients if user.is_active]
    excluded = {user.pk for user in exclude if user is not None}
    event_key = f"group:{key}"[:128]

    def run():
        now = timezone.now()
        waiting = count()
        rows = Notification.objects.filter(event_key=event_key)
        if not waiting:
            rows.filter(resolved_at__isnull=True).update(resolved_at=now)
            rows.filter(read_at__isnull=True).update(read_at=now)
            return
        users = {user.pk: user for user in recipients if user.pk not in excluded}
        existing = {row.user_id: row for row in rows.select_related("user")}
        for user in {**{pk: row.user for pk, row in existing.items()}, **users}.values():
            with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
                text = str(title(waiting))[:255]
            row = existing.get(user.pk)
            values = {"title": text, "url": url[:500], "resolved_at": None}
            if row is None:
                Notification.objects.get_or_create(
                    user=user,
                    event_key=event_key,
                    defaults={"kind": kind, "step": Step.EVENT, "organization_id": organization_id, **values},
                )
            elif user.pk in users and (row.resolved_at is not None or text != row.title):
                # New items joined the group: the row comes back up, unread.
                Notification.objects.filter(pk=row.pk).update(read_at=None, created_at=now, **values)
            else:
                Notification.objects.filter(pk=row.pk).update(**values)

    transaction.on_commit(lambda: transaction.atomic(using=None)(run)())
