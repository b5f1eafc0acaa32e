"""What the audit trail follows in this app (audit.registry): the reminder settings people change."""

from audit.registry import track
from notifications.models import Acknowledgement, NotificationPreference, ReminderSchedule

track(ReminderSchedule)
# "I have seen this": it stops the escalation of an item, so who said it and when is kept.
track(Acknowledgement)
track(NotificationPreference)
