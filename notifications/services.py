"""What people do with notifications: read them, acknowledge items, choose channels, set schedules."""

from django.db import transaction
from django.utils import timezone

from notifications.models import Acknowledgement, NotificationPreference, ReminderSchedule


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


def is_acknowledged(notification):
    delivery = notification.delivery
    return (
        delivery is not None
        and Acknowledgement.objects.filter(
            kind=delivery.kind,
            content_type_id=delivery.content_type_id,
            object_id=delivery.object_id,
            deadline=delivery.deadline,
        ).exists()
    )


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
