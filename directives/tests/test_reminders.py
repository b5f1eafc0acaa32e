"""Reminders for explanation reports: due by the directive's deadline until submitted."""

import pytest

from directives import services
from directives.tests.conftest import DEADLINE, fill_report
from notifications.models import Step
from notifications.tests.helpers import DAY, sweep_on

KIND = "directives.explanation"


@pytest.fixture
def people(secretary_a, secretary_b, city_staff, inspector):
    return {"secretary": secretary_a, "other": secretary_b}


def test_the_report_is_due_seven_days_and_one_day_before_the_deadline(report, people):
    assert sweep_on(DEADLINE - 8 * DAY, KIND) == set()
    assert sweep_on(DEADLINE - 7 * DAY, KIND) == {(report.pk, Step.BEFORE, people["secretary"].pk)}
    assert sweep_on(DEADLINE - DAY, KIND) == {(report.pk, Step.BEFORE, people["secretary"].pk)}


def test_on_the_day_only_the_target_organizations_secretary_is_reminded(report, people):
    assert sweep_on(DEADLINE, KIND) == {(report.pk, Step.ON_DAY, people["secretary"].pk)}


def test_a_submitted_report_is_not_reminded(report, people):
    fill_report(report, people["secretary"])
    report.refresh_from_db()
    services.submit_explanation(report, people["secretary"])
    assert sweep_on(DEADLINE, KIND) == set()


def test_a_returned_report_is_reminded_again(report, people, city_staff):
    fill_report(report, people["secretary"])
    report.refresh_from_db()
    services.submit_explanation(report, people["secretary"])
    report.refresh_from_db()
    first_item = report.ordered_items().first().directive_item
    services.return_explanation(report, city_staff, {first_item.key: "Bổ sung sự việc"})
    assert sweep_on(DEADLINE, KIND) == {(report.pk, Step.ON_DAY, people["secretary"].pk)}


def test_a_revoked_directive_reminds_nothing(report, issued, people, city_staff):
    services.revoke(issued, city_staff, "Đã có kết luận khác")
    assert sweep_on(DEADLINE, KIND) == set()


def test_an_overdue_report_climbs_to_the_standing_member(report, people, standing_member_a):
    recorded = sweep_on(DEADLINE + 7 * DAY, KIND)
    assert (report.pk, Step.ESCALATION_STANDING, standing_member_a.pk) in recorded
    assert (report.pk, Step.OVERDUE, people["secretary"].pk) in recorded
