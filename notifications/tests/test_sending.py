"""Mailing one reminder: once, in the recipient's language, skipped when no longer due, failures recorded."""

import datetime
import smtplib
from email.header import decode_header, make_header
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from notifications import sending
from notifications.models import Channel, Delivery, DeliveryStatus, NotificationPreference, Step
from notifications.sending import send_delivery
from notifications.sweep import sweep
from notifications.tests.conftest import TODAY, user_emails
from reviews.models import ReviewStatus

DAY = datetime.timedelta(days=1)


@pytest.fixture
def immediate(people, provider):
    NotificationPreference.objects.create(user=people["secretary"], kind=provider.kind, channel=Channel.IMMEDIATE)


@pytest.fixture
def due_tomorrow(frozen, make_item, ward_a, people, immediate):
    item = make_item(ward_a, TODAY + DAY)
    sweep()
    return item, Delivery.objects.get(recipient=people["secretary"])


def test_the_same_send_task_twice_sends_once(due_tomorrow, people):
    _item, delivery = due_tomorrow
    assert send_delivery(delivery.pk) == DeliveryStatus.SENT
    assert send_delivery(delivery.pk) is None
    assert len(user_emails(mail.outbox, people["secretary"])) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_sweeping_enqueues_one_email_per_immediate_reminder(frozen, make_item, ward_a, people, immediate, run_sweep):
    make_item(ward_a, TODAY + DAY)
    run_sweep()
    run_sweep()
    assert len(user_emails(mail.outbox, people["secretary"])) == 1


def test_the_email_is_vietnamese_with_text_and_html_and_no_personal_data_in_the_subject(due_tomorrow, people):
    _item, delivery = due_tomorrow
    send_delivery(delivery.pk)
    message = mail.outbox[0]
    assert message.subject.startswith("Nhắc việc")
    assert delivery.title not in message.subject
    assert "Kính gửi" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert delivery.title in html
    assert "http://" in message.body and delivery.url in message.body
    raw = message.message().as_bytes()
    assert b'charset="utf-8"' in raw or b"charset=utf-8" in raw
    assert str(make_header(decode_header(message.message()["Subject"]))) == message.subject


def test_people_who_chose_english_get_english_email(due_tomorrow, people):
    _item, delivery = due_tomorrow
    people["secretary"].language = "en"
    people["secretary"].save(update_fields=["language"])
    send_delivery(delivery.pk)
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert "Dear" in mail.outbox[0].body


def test_a_completed_item_is_skipped_at_send_time(due_tomorrow):
    item, delivery = due_tomorrow
    item.status = ReviewStatus.SUBMITTED
    item.save(update_fields=["status"])
    assert send_delivery(delivery.pk) == DeliveryStatus.SKIPPED
    assert mail.outbox == []


def test_a_deleted_item_is_skipped_at_send_time(due_tomorrow):
    item, delivery = due_tomorrow
    item.delete()
    assert send_delivery(delivery.pk) == DeliveryStatus.SKIPPED
    assert mail.outbox == []


def test_a_moved_deadline_skips_the_old_reminder(due_tomorrow):
    item, delivery = due_tomorrow
    item.cycle.reference_date = TODAY + 20 * DAY
    item.cycle.save(update_fields=["reference_date"])
    assert send_delivery(delivery.pk) == DeliveryStatus.SKIPPED


def test_an_invalid_address_fails_at_once_without_retrying(due_tomorrow, people):
    _item, delivery = due_tomorrow
    people["secretary"].email = "not-an-address"
    people["secretary"].save(update_fields=["email"])
    assert send_delivery(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "not-an-address" in delivery.last_error
    assert send_delivery(delivery.pk) is None


def test_an_smtp_error_is_recorded_and_raised_for_a_retry(due_tomorrow):
    _item, delivery = due_tomorrow
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("gone")),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        sending.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert "gone" in delivery.last_error
    assert sending.deliver(delivery.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_delivery_is_failed(due_tomorrow, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    _item, delivery = due_tomorrow
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("refused")):
        with pytest.raises(ConnectionRefusedError):
            sending.deliver(delivery.pk)
        assert sending.deliver(delivery.pk) == DeliveryStatus.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert sending.deliver(delivery.pk) is None
    assert mail.outbox == []


def test_a_refused_recipient_fails_without_retrying(due_tomorrow):
    _item, delivery = due_tomorrow
    refused = smtplib.SMTPRecipientsRefused({"x@example.vn": (550, b"no such user")})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        assert sending.deliver(delivery.pk) == DeliveryStatus.FAILED


def test_a_row_claimed_by_a_dead_worker_is_taken_over_after_the_lease(due_tomorrow, frozen, settings):
    _item, delivery = due_tomorrow
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now())
    assert sending.deliver(delivery.pk) is None  # the other worker may still be sending
    frozen.shift(settings.NOTIFICATIONS_SENDING_LEASE + 1)
    assert sending.deliver(delivery.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_requeues_emails_whose_task_was_lost(due_tomorrow, frozen, settings, run_sweep):
    _item, delivery = due_tomorrow  # recorded, but its task never ran
    frozen.shift(settings.NOTIFICATIONS_SENDING_LEASE + 1)
    result = run_sweep()
    assert result.requeued == 1
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_escalations_are_emailed_even_to_people_who_chose_in_app_only(
    frozen, make_item, ward_a, people, provider, run_sweep
):
    NotificationPreference.objects.create(user=people["standing"], kind=provider.kind, channel=Channel.IN_APP)
    NotificationPreference.objects.create(user=people["inspector"], kind=provider.kind, channel=Channel.IMMEDIATE)
    make_item(ward_a, TODAY - 14 * DAY)
    run_sweep(digests=True)
    assert Delivery.objects.get(step=Step.ESCALATION_STANDING).channel == Channel.DIGEST
    assert Delivery.objects.get(step=Step.ESCALATION_INSPECTION, recipient=people["inspector"]).channel == (
        Channel.IMMEDIATE
    )
    [digest] = user_emails(mail.outbox, people["standing"])
    assert "Chuyển lên đồng chí ủy viên ban thường vụ phụ trách" in digest.body
    [immediate] = user_emails(mail.outbox, people["inspector"])
    assert immediate.subject.startswith("Chuyển cấp")
