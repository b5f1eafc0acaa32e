"""Which reminders are due when: frozen time in Asia/Ho_Chi_Minh, through the real sweep."""

import datetime

import pytest

from notifications.models import ESCALATION_STEPS, Delivery, ReminderSchedule, Step
from notifications.schedule import due_escalations, latest_reminder
from notifications.sweep import sweep
from notifications.tests.conftest import HANOI, TODAY, at

DAY = datetime.timedelta(days=1)


def owner_steps(user):
    rows = Delivery.objects.filter(recipient=user).exclude(step__in=ESCALATION_STEPS).order_by("due_date")
    return [(row.step, row.due_date) for row in rows]


@pytest.mark.parametrize(
    ("days_to_deadline", "expected_step"),
    [
        (8, None),
        (7, Step.BEFORE),
        (1, Step.BEFORE),
        (0, Step.ON_DAY),
        (-6, Step.ON_DAY),
        (-7, Step.OVERDUE),
        (-13, Step.OVERDUE),
        (-14, Step.OVERDUE),
    ],
)
def test_latest_reminder_follows_the_default_schedule(days_to_deadline, expected_step):
    deadline = TODAY + datetime.timedelta(days=days_to_deadline)
    occurrence = latest_reminder(ReminderSchedule(kind="x"), deadline, TODAY)
    assert (occurrence.step if occurrence else None) == expected_step


def test_overdue_reminders_fall_every_seven_days_after_the_deadline():
    deadline = TODAY - datetime.timedelta(days=15)
    occurrence = latest_reminder(ReminderSchedule(kind="x"), deadline, TODAY)
    assert occurrence.due_date == deadline + datetime.timedelta(days=14)


def test_reminders_go_out_at_7_days_1_day_on_the_day_and_every_7_days_overdue(frozen, make_item, ward_a, people):
    secretary = people["secretary"]
    deadline = TODAY + 7 * DAY
    make_item(ward_a, deadline)
    for offset in range(0, 7 + 22):
        frozen.move_to(at(TODAY + offset * DAY))
        sweep()
    assert owner_steps(secretary) == [
        (Step.BEFORE, deadline - 7 * DAY),
        (Step.BEFORE, deadline - DAY),
        (Step.ON_DAY, deadline),
        (Step.OVERDUE, deadline + 7 * DAY),
        (Step.OVERDUE, deadline + 14 * DAY),
        (Step.OVERDUE, deadline + 21 * DAY),
    ]


def test_a_deadline_today_is_due_at_half_past_midnight_local_time(frozen, make_item, ward_a, people):
    deadline = TODAY + 3 * DAY
    make_item(ward_a, deadline)
    moment = at(deadline, hour=0, minute=30)
    assert moment.astimezone(datetime.UTC).date() == deadline - DAY  # still yesterday in UTC
    frozen.move_to(moment)
    sweep()
    assert (Step.ON_DAY, deadline) in owner_steps(people["secretary"])


def test_nothing_is_due_before_the_first_reminder(frozen, make_item, ward_a, people):
    make_item(ward_a, TODAY + 8 * DAY)
    sweep()
    assert not Delivery.objects.exists()


def test_city_staff_schedule_changes_when_reminders_go_out(frozen, make_item, ward_a, people):
    ReminderSchedule.objects.create(
        kind="tests.review_submission", days_before=[14], on_the_day=False, overdue_every_days=0
    )
    deadline = TODAY + 14 * DAY
    make_item(ward_a, deadline)
    for offset in range(0, 40):
        frozen.move_to(at(TODAY + offset * DAY))
        sweep()
    assert owner_steps(people["secretary"]) == [(Step.BEFORE, TODAY)]


def test_escalation_levels_are_due_after_their_delays():
    deadline = TODAY - datetime.timedelta(days=7)
    steps = [occurrence.step for occurrence in due_escalations(ReminderSchedule(kind="x"), deadline, TODAY)]
    assert steps == [Step.ESCALATION_SECRETARY, Step.ESCALATION_STANDING]


def test_frozen_clock_is_in_hanoi_time(frozen):
    from django.utils import timezone

    assert timezone.localtime().tzinfo.key == HANOI.key
    assert timezone.localdate() == TODAY
