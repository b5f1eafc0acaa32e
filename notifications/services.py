"""What people do with notifications: read them, acknowledge items, choose channels, set schedules."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
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


def notify_event(recipients, kind, obj, *, organization_id, url, title, deadline=None):
    """Tell ``recipients`` (users) that something happened to ``obj``: an inbox row each, mail if they chose it.

    ``title`` is a callable returning the text, called in each recipient's
    language (or a plain string). People who chose immediate mail for ``kind``
    also get one email through the reminder ledger (one per item, event kind,
    person and day), sent by the send task on commit, so calling this inside the
    caller's transaction sends nothing if that transaction rolls back.
    Returns the notifications created.
    """
    users = [user for user in {user.pk: user for user in recipients}.values() if user.is_active]
    if not users:
        return []
    now = timezone.now()
    immediate = set(
        NotificationPreference.objects.filter(
            kind=kind, channel=Channel.IMMEDIATE, user__in=[user.pk for user in users]
        ).values_list("user_id", flat=True)
    )
    content_type = ContentType.objects.get_for_model(obj)
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
            Notification.objects.create(
                user=user,
                kind=kind,
                step=Step.EVENT,
                title=text,
                url=url[:500],
                deadline=deadline,
                organization_id=organization_id,
                delivery=delivery,
            )
        )
    return created
