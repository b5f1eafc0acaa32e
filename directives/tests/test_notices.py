"""Each step of a directive tells the people who must act next, once; done work leaves their unread count."""

import pytest

from directives import services
from directives.tests.conftest import fill_report
from notifications.models import Notification
from notifications.sweep import sweep

pytestmark = pytest.mark.django_db


def told(user):
    return list(Notification.objects.for_user(user).unread().values_list("kind", flat=True))


@pytest.fixture
def staff_and_more(city_staff, inspector, secretary_a, secretary_b, standing_member_a):
    return city_staff, inspector, secretary_a, secretary_b, standing_member_a


def test_issuing_tells_the_target_secretary_once(proposal, city_staff, staff_and_more, secretary_a, secretary_b,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.issue(proposal, city_staff, number="9-TB/TU", issued_on=proposal.proposed_at.date(),
                       report_deadline=proposal.proposed_at.date(), review_days=2, standing_member=None)  # fmt: skip
    assert told(secretary_a) == ["directives.explanation"]
    assert told(secretary_b) == [] and told(city_staff) == []


def test_each_step_of_the_report_tells_who_acts_next_once(
    report, secretary_a, city_staff, inspector, secretary_b, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    fill_report(report, secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_explanation(report, secretary_a)
    assert told(city_staff) == ["directives.decision"] and told(secretary_a) == [] and told(inspector) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.return_explanation(report, city_staff, {report.items.first().directive_item.key: "Chưa rõ"})
    # The decision is taken: it leaves the staff's unread count; the secretary must revise.
    assert told(city_staff) == [] and told(secretary_a) == ["directives.explanation"]
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_explanation(report, secretary_a)
    assert told(city_staff) == ["directives.decision"]
    sweep()  # the returned report is resubmitted: the secretary's notice is resolved
    assert told(secretary_a) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_explanation(report, city_staff)
    assert told(city_staff) == []  # who accepted is not told
    assert told(inspector) == ["directives.conclusion"]
    assert told(secretary_a) == ["directives.outcome"]
    assert told(secretary_b) == []
    assert Notification.objects.count() == 5  # one per person and event, nothing else
