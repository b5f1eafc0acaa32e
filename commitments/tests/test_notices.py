"""An extension request tells its deciders once; the decision takes it out of their unread count."""

import datetime

import pytest

from commitments import services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def unread(user):
    return Notification.objects.for_user(user).unread()


def test_an_extension_request_tells_each_decider_once_and_leaves_when_decided(
    commitment_a, secretary_a, city_staff, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_extension(
            commitment_a, secretary_a, commitment_a.deadline + datetime.timedelta(days=30), "Chờ kinh phí"
        )
    assert [unread(user).count() for user in (city_staff, inspector, secretary_a)] == [1, 1, 0]
    assert unread(inspector).get().kind == "commitments.extension"
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_extension(request, inspector, approve=True, note="Đồng ý")
    assert [unread(user).count() for user in (city_staff, inspector)] == [0, 0]
    assert unread(secretary_a).count() == 1  # the decision, to the requester
