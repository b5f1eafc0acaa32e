"""Inbox, preferences, schedules and failed deliveries: access matrix, behaviour and query budgets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import (
    Acknowledgement,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    ReminderSchedule,
)
from notifications.providers import registry
from notifications.sweep import sweep
from notifications.tests.conftest import TODAY

DAY = datetime.timedelta(days=1)


@pytest.fixture
def overdue(frozen, make_item, ward_a, branch_b, people):
    """An item of ward A escalated to the standing member, and an item of ward B."""
    make_item(ward_a, TODAY - 7 * DAY)
    make_item(branch_b.parent, TODAY + DAY)
    sweep()
    return Notification.objects.get(user=people["standing"])


def snapshot():
    return (
        list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        list(Acknowledgement.objects.values_list("pk", flat=True)),
        list(ReminderSchedule.objects.values_list("kind", "days_before", "overdue_every_days")),
        list(NotificationPreference.objects.values_list("user_id", "kind", "channel")),
    )


# Anonymous


@pytest.mark.parametrize("name", ["inbox", "preferences", "schedules", "failed"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(f"notifications:{name}"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["mark_read", "acknowledge"])
def test_anonymous_cannot_act_on_a_notification(client, overdue, name):
    before = snapshot()
    response = client.post(reverse(f"notifications:{name}", args=[overdue.pk]))
    assert response.status_code == 302
    assert snapshot() == before


# Inbox: one's own notifications only


def test_inbox_lists_only_the_users_own_notifications(login, overdue, people):
    response = login(people["other_secretary"]).get(reverse("notifications:inbox"))
    content = response.content.decode()
    assert "Hưng Đạo" not in content, "a notification of ward A leaked to ward B"
    assert "Quang Trung" in content


@pytest.mark.parametrize("name", ["mark_read", "acknowledge"])
def test_someone_elses_notification_answers_404_and_changes_nothing(login, overdue, people, name):
    before = snapshot()
    response = login(people["other_secretary"]).post(reverse(f"notifications:{name}", args=[overdue.pk]))
    assert response.status_code == 404
    assert snapshot() == before


def test_marking_read_marks_one_notification(login, overdue, people):
    client = login(people["standing"])
    client.post(reverse("notifications:mark_read", args=[overdue.pk]))
    overdue.refresh_from_db()
    assert overdue.read_at is not None


def test_mark_all_read_touches_only_the_users_notifications(login, overdue, people):
    login(people["secretary"]).post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=people["secretary"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=people["standing"], read_at__isnull=True).count() == 1


def test_acknowledging_an_escalation_records_it(login, overdue, people):
    response = login(people["standing"]).post(reverse("notifications:acknowledge", args=[overdue.pk]))
    assert response.status_code == 302
    assert Acknowledgement.objects.get().user == people["standing"]


def test_the_header_shows_the_unread_count(login, overdue, people):
    response = login(people["standing"]).get(reverse("home"))
    assert response.context["unread_notifications"] == 1
    assert 'id="notification-badge"' in response.content.decode()


def test_inbox_links_to_the_item(login, overdue, people):
    content = login(people["standing"]).get(reverse("notifications:inbox")).content.decode()
    assert f'href="{overdue.url}"' in content


def test_the_inbox_is_empty_for_a_new_user(login, people):
    content = login(people["inspector"]).get(reverse("notifications:inbox")).content.decode()
    assert "Đồng chí chưa có thông báo nào" in content


def test_inbox_query_count_does_not_grow_with_rows(login, make_item, ward_a, frozen, people):
    client = login(people["secretary"])
    make_item(ward_a, TODAY + DAY)
    sweep()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:inbox"))
    for offset in range(30):
        make_item(ward_a, TODAY - offset * DAY)
    sweep()
    assert Notification.objects.filter(user=people["secretary"]).count() > 30
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:inbox"))
    assert len(many) == len(few)


# Preferences


def test_a_person_can_opt_into_immediate_mail_per_kind(login, people, provider):
    # The page posts one choice per registered kind.
    choices = {kind: "digest" for kind, _label in registry.choices()} | {provider.kind: "immediate"}
    response = login(people["secretary"]).post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=people["secretary"], kind=provider.kind).channel == Channel.IMMEDIATE


def test_an_unknown_channel_is_refused_next_to_the_field(login, people, provider):
    before = snapshot()
    response = login(people["secretary"]).post(reverse("notifications:preferences"), {provider.kind: "pigeon"})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert snapshot() == before


# Schedules: city staff only


def test_city_staff_edit_a_schedule(login, people, provider):
    data = {"days_before": "14, 3", "on_the_day": "on", "overdue_every_days": "5", "escalation_delays": "2, 5, 10"}
    response = login(people["city"]).post(reverse("notifications:schedule_edit", args=[provider.kind]), data)
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(kind=provider.kind)
    assert (schedule.days_before, schedule.overdue_every_days, schedule.escalation_delays) == ([14, 3], 5, [2, 5, 10])


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("days_before", "bảy", "Nhập các số ngày nguyên"),
        ("days_before", "400", "từ 0 đến 365"),
        ("escalation_delays", "3, 7", "Nhập ba số ngày nguyên"),
        ("escalation_delays", "7, 3, 14", "không được sớm hơn"),
        ("overdue_every_days", "-1", "lớn hơn hoặc bằng với 0"),
    ],
)
def test_bad_schedule_input_is_refused_with_a_vietnamese_message(login, people, provider, field, value, error):
    data = {"days_before": "7, 1", "on_the_day": "on", "overdue_every_days": "7", "escalation_delays": "3, 7, 14"}
    data[field] = value
    before = snapshot()
    response = login(people["city"]).post(reverse("notifications:schedule_edit", args=[provider.kind]), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", ["schedules", "failed"])
def test_a_secretary_may_not_see_city_pages(login, people, provider, name):
    assert login(people["secretary"]).get(reverse(f"notifications:{name}")).status_code == 403


def test_a_secretary_may_not_change_a_schedule(login, people, provider):
    before = snapshot()
    data = {"days_before": "1", "overdue_every_days": "1", "escalation_delays": "1, 1, 1"}
    response = login(people["secretary"]).post(reverse("notifications:schedule_edit", args=[provider.kind]), data)
    assert response.status_code == 403
    assert snapshot() == before


def test_an_unknown_kind_answers_404(login, people, provider):
    assert login(people["city"]).get(reverse("notifications:schedule_edit", args=["nope"])).status_code == 404


def test_the_schedule_list_shows_defaults_for_every_kind(login, people, provider):
    content = login(people["city"]).get(reverse("notifications:schedules")).content.decode()
    assert "Collective review submission" in content
    assert "3, 7, 14" in content


# Failed deliveries


def test_failed_deliveries_show_to_city_staff_with_their_error(login, overdue, people):
    Delivery.objects.filter(recipient=people["standing"]).update(
        status=DeliveryStatus.FAILED, last_error="Invalid email address: 'x'"
    )
    content = login(people["city"]).get(reverse("notifications:failed")).content.decode()
    assert "Invalid email address" in content
    assert "thuongvu_a" in content


def test_failed_list_query_count_does_not_grow(login, make_item, ward_a, frozen, people):
    client = login(people["city"])
    make_item(ward_a, TODAY + DAY)
    sweep()
    Delivery.objects.update(status=DeliveryStatus.FAILED)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:failed"))
    for offset in range(20):
        make_item(ward_a, TODAY - offset * DAY)
    sweep()
    Delivery.objects.update(status=DeliveryStatus.FAILED)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:failed"))
    assert len(many) == len(few)
