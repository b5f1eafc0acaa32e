"""Idle sessions end after SESSION_IDLE_MINUTES; the next page says so, in Vietnamese, on the login page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def test_a_session_idle_past_the_limit_ends_with_a_message_at_the_next_login(client, secretary_a, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(secretary_a)
    assert client.get(reverse("home")).status_code == 200
    clock.shift(31 * MINUTE)
    response = client.get(reverse("documents:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('documents:list')}"
    page = client.get(response["Location"])
    assert "Phiên làm việc đã kết thúc sau 30 phút không hoạt động. Vui lòng đăng nhập lại." in page.content.decode()
    assert "_auth_user_id" not in client.session
    # The message is shown once; the login page after it is plain.
    assert "Phiên làm việc" not in client.get(reverse("login")).content.decode()


def test_activity_keeps_the_session_alive(client, secretary_a, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(secretary_a)
    for _ in range(4):
        clock.shift(20 * MINUTE)
        assert client.get(reverse("home")).status_code == 200


def test_the_limit_is_a_setting(client, secretary_a, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(secretary_a)
    clock.shift(6 * MINUTE)
    assert client.get(reverse("home")).status_code == 302


def test_in_english_the_message_is_english(client, secretary_a, clock, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(secretary_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    clock.shift(31 * MINUTE)
    page = client.get(reverse("home"), follow=True)
    assert "Your session ended after 30 minutes without activity. Please log in again." in page.content.decode()
