import io

from notifications import demo
from notifications.models import ReminderSchedule


def test_demo_seed_is_idempotent(db, provider):
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert list(ReminderSchedule.objects.values_list("kind", "days_before")) == [(provider.kind, [7, 1])]
