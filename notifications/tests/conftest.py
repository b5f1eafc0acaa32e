"""Fixtures for the reminder engine: a registered test provider, items with deadlines, frozen time."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from config.celery import app as celery_app
from notifications.providers import registry
from notifications.tests.reviewprovider import ReviewSubmissionProvider
from reviews.models import CollectiveReview, CycleKind, ReviewCycle, RuleSet

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday morning after the 07:00 digest time; every test freezes time relative to it.
NOW = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=HANOI)
TODAY = NOW.date()

_years = itertools.count(2000)


def at(day, hour=8, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI)


@pytest.fixture
def frozen():
    """Freeze time at NOW; ``frozen.move_to(dt)`` jumps."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def provider():
    instance = registry.register(ReviewSubmissionProvider())
    yield instance
    registry.unregister(instance.kind)


@pytest.fixture
def people(secretary_a, standing_member_a, inspector, city_staff, secretary_b):
    """The ladder of ward A, each with an email address."""
    for user in (secretary_a, standing_member_a, inspector, city_staff, secretary_b):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return {
        "secretary": secretary_a,
        "standing": standing_member_a,
        "inspector": inspector,
        "city": city_staff,
        "other_secretary": secretary_b,
    }


@pytest.fixture
def make_item(db, provider):
    """``make_item(organization, deadline)`` → a draft collective review due on ``deadline``."""
    rule_set = RuleSet.objects.get_or_create(code="QD366", defaults={"name": "QĐ 366", "first_year": 2025})[0]

    def _make(organization, deadline):
        cycle = ReviewCycle.objects.create(
            year=next(_years),
            kind=CycleKind.AD_HOC,
            rule_set=rule_set,
            opened_on=deadline - datetime.timedelta(days=60),
            reference_date=deadline,
        )
        return CollectiveReview.objects.create(cycle=cycle, organization=organization)

    return _make


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = False


@pytest.fixture
def run_sweep(eager_celery, django_capture_on_commit_callbacks):
    """Run one sweep (and, with ``digests=True``, the digest builder) executing the enqueued sends."""
    from notifications.sending import build_digests
    from notifications.sweep import sweep

    def _run(digests=False):
        with django_capture_on_commit_callbacks(execute=True):
            result = sweep()
            if digests:
                build_digests()
        return result

    return _run


def user_emails(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


@pytest.fixture
def no_email(db):
    def _clear(*users):
        User.objects.filter(pk__in=[user.pk for user in users]).update(email="")

    return _clear
