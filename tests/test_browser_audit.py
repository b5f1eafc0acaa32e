"""End to end in Chromium: a secretary changes a member on a phone; city staff find that change on a desktop.

The member page's "change history" and the audit log, filtered by the secretary's
name and today's date, show the field with its value before and after; both pages
pass axe-core (no serious or critical violation) on a desktop and a phone, and the
Nu HTML Checker.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from members.models import Member
from tests.chromium import DESKTOP, PHONE, log_in
from tests.test_accessibility import _serious

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]

OLD_PHONE, NEW_PHONE = "0912000111", "0988777666"


def _change_phone_on_a_phone(chromium, live_server, secretary, member):
    context = chromium.new_context(**PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, secretary, PASSWORD)
    page.goto(f"{live_server.url}{reverse('members:edit', args=[member.pk])}")
    page.fill("#id_phone", NEW_PHONE)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.url.endswith(reverse("members:detail", args=[member.pk])), page.url
    context.close()


def _the_change_in(section):
    """The row of ``section`` that shows the phone number changed, before and after."""
    row = section.locator("li", has_text="bithu_a").filter(has=section.page.locator("del", has_text=OLD_PHONE))
    assert row.count() == 1, section.inner_text()
    assert row.locator("ins").inner_text() == NEW_PHONE
    return row


def test_a_change_made_on_a_phone_is_found_by_city_staff_in_the_history_and_the_log(
    transactional_db, live_server, chromium, secretary_a, city_staff, member_a
):
    Member.objects.filter(pk=member_a.pk).update(phone=OLD_PHONE)
    _change_phone_on_a_phone(chromium, live_server, secretary_a, member_a)
    assert Member.objects.get(pk=member_a.pk).phone == NEW_PHONE

    axe = Axe()
    context = chromium.new_context(**DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, city_staff, PASSWORD)

    page.goto(f"{live_server.url}{reverse('members:detail', args=[member_a.pk])}")
    history = page.locator("#history")
    assert history.get_by_role("heading").inner_text() == "Lịch sử thay đổi"
    row = _the_change_in(history)
    assert "Số điện thoại" in row.inner_text()
    assert _serious(axe.run(page).response["violations"]) == []

    page.goto(f"{live_server.url}{reverse('reports:audit_log')}")
    page.fill("#id_actor", secretary_a.username)
    today = timezone.localdate().strftime("%d/%m/%Y")
    page.fill("#id_date_from", today)
    page.fill("#id_date_to", today)
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()
    assert f"actor={secretary_a.username}" in page.url
    events = page.locator("#audit-events")
    row = _the_change_in(events)
    # The record links to the member's page, and every row shown is the secretary's.
    assert row.get_by_role("link", name=member_a.full_name).get_attribute("href") == reverse(
        "members:detail", args=[member_a.pk]
    )
    shown = events.locator(":scope > li")
    assert shown.count() == shown.filter(has_text=secretary_a.username).count() >= 1
    assert _serious(axe.run(page).response["violations"]) == []

    # A day with nothing: the empty state, not an error.
    page.fill("#id_date_from", "01/01/2001")
    page.fill("#id_date_to", "01/01/2001")
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()
    assert page.locator("#audit-events").count() == 0
    assert "Không có thay đổi nào khớp với các điều kiện lọc này." in page.locator("main").inner_text()
    context.close()


def test_the_history_and_the_log_on_a_phone_fit_its_width_and_pass_axe(
    transactional_db, live_server, chromium, city_staff, member_a
):
    # A long value without a space to break at, and a long one with spaces, before and after.
    Member.objects.filter(pk=member_a.pk).update(party_position="Đ" * 150, government_position="Phó " * 37)
    Member.objects.filter(pk=member_a.pk).update(party_position="B" * 150, government_position="Chủ " * 37)
    axe = Axe()
    context = chromium.new_context(**PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, city_staff, PASSWORD)
    for path in (reverse("members:detail", args=[member_a.pk]), reverse("reports:audit_log")):
        assert page.goto(live_server.url + path).status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert _serious(axe.run(page).response["violations"]) == [], path
    context.close()


def test_the_history_and_the_log_are_valid_html(db, client, city_staff, member_a, vnu):
    Member.objects.filter(pk=member_a.pk).update(phone=NEW_PHONE)
    client.force_login(city_staff)
    pages = {
        path: client.get(path).content.decode()
        for path in (reverse("members:detail", args=[member_a.pk]), reverse("reports:audit_log"))
    }
    assert vnu(pages) == []
