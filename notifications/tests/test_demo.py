import io

from notifications import demo
from notifications.models import ReminderSchedule
from notifications.providers import registry


def test_demo_seed_is_idempotent(db, provider):
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    saved = dict(ReminderSchedule.objects.values_list("kind", "days_before"))
    assert sorted(saved) == sorted(kind for kind, _label in registry.choices())
    assert saved[provider.kind] == [7, 1]


def test_demo_seed_saves_each_kinds_own_defaults(db):
    demo.seed(io.StringIO())
    saved = dict(ReminderSchedule.objects.values_list("kind", "days_before"))
    assert saved["commitments.deadline"] == [7, 1]
    assert saved["commitments.verification"] == [3]
    assert saved["commitments.extension"] == [3, 1]
