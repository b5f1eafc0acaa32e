"""What the audit trail follows in this app (audit.registry): the reminder settings people change."""

from audit.registry import track
from notifications.models import NotificationPreference, ReminderSchedule

track(ReminderSchedule)
track(NotificationPreference)
