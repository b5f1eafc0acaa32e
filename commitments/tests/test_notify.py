"""What a commitment's owners hear when an inspector or a decider acts: the inbox row and, if chosen, one email."""

from django.core import mail

from commitments import services
from commitments.models import VerificationOutcome
from config.celery import app as celery_app
from notifications.models import Channel, Delivery, DeliveryStatus, Notification, NotificationPreference, Step

REASON = "Chưa thay đổi thực chất trong sinh hoạt"


def test_marking_not_effective_puts_the_reason_in_the_secretarys_inbox(reported_a, secretary_a, inspector):
    services.verify(reported_a, inspector, VerificationOutcome.NOT_EFFECTIVE, REASON)
    notification = Notification.objects.get(user=secretary_a)
    assert notification.step == Step.EVENT
    assert REASON in notification.title
    assert "chưa hiệu quả" in notification.title  # written in the secretary's language (Vietnamese)
    assert notification.url == f"/commitments/{reported_a.pk}/"
    assert not Notification.objects.exclude(user=secretary_a).exists()


def test_marking_effective_tells_the_owner_once_and_nobody_else(reported_a, secretary_a, inspector):
    """Issue 11 point 2: the verdict "effective" (closed) reaches the owner too, not only "not effective"."""
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Đã khắc phục")
    assert list(Notification.objects.values_list("user", flat=True)) == [secretary_a.pk]


def test_a_secretary_who_chose_immediate_mail_gets_one_email_after_commit(
    reported_a, secretary_a, inspector, django_capture_on_commit_callbacks
):
    secretary_a.email = "bithu_a@example.vn"
    secretary_a.save(update_fields=["email"])
    NotificationPreference.objects.create(user=secretary_a, kind="commitments.deadline", channel=Channel.IMMEDIATE)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.verify(reported_a, inspector, VerificationOutcome.NOT_EFFECTIVE, REASON)
            assert mail.outbox == []  # nothing leaves before the verdict commits
    finally:
        celery_app.conf.task_always_eager = False
    assert len(callbacks) == 2  # the email, and the inspectors' "to verify" notices resolved
    assert [message.to for message in mail.outbox] == [["bithu_a@example.vn"]]
    assert REASON in mail.outbox[0].body
    assert REASON not in mail.outbox[0].subject
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert Notification.objects.get(user=secretary_a).delivery is not None


def test_a_secretary_on_the_digest_gets_no_immediate_email(
    reported_a, secretary_a, inspector, django_capture_on_commit_callbacks
):
    secretary_a.email = "bithu_a@example.vn"
    secretary_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.verify(reported_a, inspector, VerificationOutcome.NOT_EFFECTIVE, REASON)
    assert len(callbacks) == 1  # the inspectors' "to verify" notices resolved; no email enqueued
    assert not Delivery.objects.exists()
    assert Notification.objects.filter(user=secretary_a).count() == 1


def test_the_requester_hears_the_extension_decision(commitment_a, secretary_a, city_staff):
    request = services.request_extension(
        commitment_a, secretary_a, commitment_a.deadline.replace(year=2100), "Thiếu kinh phí"
    )
    services.decide_extension(request, city_staff, approve=False, note="Không đủ căn cứ")
    notification = Notification.objects.get(user=secretary_a)
    assert "Không đủ căn cứ" in notification.title


def test_a_secretary_who_chose_english_reads_the_notification_in_english(reported_a, secretary_a, inspector):
    secretary_a.language = "en"
    secretary_a.save(update_fields=["language"])
    services.verify(reported_a, inspector, VerificationOutcome.NOT_EFFECTIVE, REASON)
    assert Notification.objects.get(user=secretary_a).title.startswith("Found not effective and reopened")
