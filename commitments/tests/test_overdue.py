"""Overdue is decided by the local date in Asia/Ho_Chi_Minh, in SQL."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from commitments import services
from commitments.models import Commitment

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.date(2026, 3, 10)
CREATED = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=HANOI)
JUST_BEFORE_MIDNIGHT = datetime.datetime(2026, 3, 10, 23, 59, tzinfo=HANOI)
JUST_AFTER_MIDNIGHT = datetime.datetime(2026, 3, 11, 0, 1, tzinfo=HANOI)  # still 10/03 17:01 in UTC


@pytest.fixture
def due_on_the_tenth(review_a, city_staff):
    with time_machine.travel(CREATED, tick=False):
        rows = [{"shortcoming": "A", "measure": "B", "deadline": DEADLINE}]
        return services.create_commitments("collective_review", review_a, rows, city_staff)[0]


def test_not_overdue_at_23_59_on_the_deadline(due_on_the_tenth):
    with time_machine.travel(JUST_BEFORE_MIDNIGHT, tick=False):
        row = Commitment.objects.with_overdue().get()
        assert row.is_overdue is False and row.days_late is None
        assert not Commitment.objects.overdue().exists()


def test_overdue_by_one_day_at_00_01_local_time(due_on_the_tenth):
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        row = Commitment.objects.with_overdue().get()
        assert row.is_overdue is True
        assert row.days_late == datetime.timedelta(days=1)
        assert list(Commitment.objects.overdue()) == [due_on_the_tenth]


def test_days_late_counts_whole_local_days(due_on_the_tenth):
    with time_machine.travel(datetime.datetime(2026, 4, 9, 0, 30, tzinfo=HANOI), tick=False):
        assert Commitment.objects.with_overdue().get().days_late.days == 30


def test_a_commitment_reported_completed_is_not_overdue(due_on_the_tenth, secretary_a):
    services.report_completed(due_on_the_tenth, secretary_a, "Xong")
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        assert not Commitment.objects.with_overdue().get().is_overdue


def test_an_approved_extension_lifts_the_overdue_state(due_on_the_tenth, secretary_a, inspector):
    with time_machine.travel(JUST_BEFORE_MIDNIGHT, tick=False):
        request = services.request_extension(due_on_the_tenth, secretary_a, datetime.date(2026, 4, 30), "Mưa bão")
        services.decide_extension(request, inspector, approve=True)
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        row = Commitment.objects.with_overdue().get()
        assert not row.is_overdue
        assert (row.original_deadline, row.deadline, row.extension_count) == (DEADLINE, datetime.date(2026, 4, 30), 1)


def test_list_page_marks_the_commitment_late_after_local_midnight(login, city_staff, due_on_the_tenth):
    client = login(city_staff)
    with time_machine.travel(JUST_BEFORE_MIDNIGHT, tick=False):
        assert "data-overdue" not in client.get(reverse("commitments:list")).content.decode()
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        assert "Trễ 1 ngày" in client.get(reverse("commitments:list"), {"overdue": "on"}).content.decode()
