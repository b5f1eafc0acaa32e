"""Demo data for reminders: a saved schedule (its provider's defaults) for every registered kind of deadline.

Reminders themselves come from the sweep over the other apps' demo data, so
nothing else is seeded here. Deterministic and idempotent: existing schedules
are left as they are.
"""

from notifications.models import ReminderSchedule
from notifications.providers import registry


def seed(stdout, scale="city"):
    kinds = [provider.kind for provider in registry.all()]
    existing = set(ReminderSchedule.objects.filter(kind__in=kinds).values_list("kind", flat=True))
    created = ReminderSchedule.objects.bulk_create(
        ReminderSchedule.default_for(kind) for kind in kinds if kind not in existing
    )
    stdout.write(f"notifications: {len(created)} reminder schedules created\n")
