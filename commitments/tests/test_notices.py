"""An extension request tells its deciders once; the decision takes it out of their unread count."""

import datetime

import pytest
from django.db import transaction

from commitments import services
from commitments.models import VerificationOutcome
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


def test_a_completed_commitment_asks_the_inspectors_once_and_leaves_when_verified(
    commitment_a, secretary_a, city_staff, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_completed(commitment_a, secretary_a, "Đã khắc phục xong.")
    # Only the Inspection Committee verifies: city staff are not asked, the reporter is not told.
    assert [unread(user).count() for user in (inspector, city_staff, secretary_a)] == [1, 0, 0]
    assert unread(inspector).get().kind == services.TO_VERIFY
    with django_capture_on_commit_callbacks(execute=True):
        services.verify(commitment_a, inspector, VerificationOutcome.VERIFIED, "Có hiệu quả.")
    assert unread(inspector).count() == 0
    # The owner hears the verdict "effective" once.
    told = unread(secretary_a).get()
    assert "closed" in told.title or "đóng" in told.title
    assert Notification.objects.filter(user=inspector).count() == 1


def test_a_not_effective_verdict_tells_the_owner_once_and_asks_again_at_the_next_report(
    commitment_a, secretary_a, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_completed(commitment_a, secretary_a, "Đã khắc phục xong.")
        services.verify(commitment_a, inspector, VerificationOutcome.NOT_EFFECTIVE, "Chưa chuyển biến.")
    assert [unread(user).count() for user in (inspector, secretary_a)] == [0, 1]
    with django_capture_on_commit_callbacks(execute=True):
        services.report_completed(commitment_a, secretary_a, "Đã làm lại.")
    assert unread(inspector).count() == 1  # a new report is a new event


def test_a_rolled_back_verification_tells_nobody(
    commitment_a, secretary_a, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_completed(commitment_a, secretary_a, "Đã khắc phục xong.")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.verify(commitment_a, inspector, VerificationOutcome.VERIFIED, "Có hiệu quả.")
        raise RuntimeError("the step fails after the verdict")
    assert [unread(user).count() for user in (inspector, secretary_a)] == [1, 0]
