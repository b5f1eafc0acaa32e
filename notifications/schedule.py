"""Which reminders of one item are due on a given day: pure date arithmetic.

Two tracks per item. The *reminder* track goes to the owner: days before the
deadline, on the day, then every N days while overdue; only its latest due
occurrence counts, so a sweep after downtime sends the most recent reminder once
instead of a burst of stale ones ("due in 1 day" is superseded by "due today").
The *escalation* track climbs the ladder: each level is due once, a number of
days after the deadline, and every level already reached is due (each goes to
different people and each must be recorded).
"""

import datetime
from dataclasses import dataclass

from notifications.models import ESCALATION_STEPS, MAX_DAYS, Step

# Reminding stops a year after the deadline: what is that late is followed in the overdue lists and on the
# dashboard, and a sweep over old data (years of history, a long outage) must not flood every inbox.
STOP_AFTER_DAYS = MAX_DAYS


def is_stale(deadline, today):
    return (today - deadline).days > STOP_AFTER_DAYS


@dataclass(frozen=True)
class Occurrence:
    step: str
    due_date: datetime.date


def latest_reminder(schedule, deadline, today):
    """The owner's reminder due by ``today`` (the latest one), or None."""
    if is_stale(deadline, today):
        return None
    candidates = []
    if today < deadline:
        # "N days before" only while the deadline is still ahead.
        candidates += [
            Occurrence(Step.BEFORE, deadline - datetime.timedelta(days=days)) for days in schedule.days_before
        ]
    if schedule.on_the_day:
        candidates.append(Occurrence(Step.ON_DAY, deadline))
    every = schedule.overdue_every_days
    if every and today > deadline:
        periods = (today - deadline).days // every
        if periods:
            candidates.append(Occurrence(Step.OVERDUE, deadline + datetime.timedelta(days=periods * every)))
    due = [occurrence for occurrence in candidates if occurrence.due_date <= today]
    return max(due, key=lambda occurrence: occurrence.due_date, default=None)


def due_escalations(schedule, deadline, today):
    """Every escalation level whose delay after the deadline has passed by ``today``."""
    if is_stale(deadline, today):
        return []
    due = []
    for step, delay in zip(ESCALATION_STEPS, schedule.escalation_delays, strict=False):
        due_date = deadline + datetime.timedelta(days=delay)
        if due_date <= today and today > deadline:
            due.append(Occurrence(step, due_date))
    return due


def horizon(schedule, today):
    """The latest deadline that can have a reminder due ``today``."""
    return today + datetime.timedelta(days=schedule.max_days_before)
