"""In Chromium on a phone: city staff, for whom a second factor is required, enrol an authenticator by its QR
code's key, keep the backup codes, then sign in again with a code computed as the phone's app would."""

import time
from urllib.parse import urlparse

import pyotp
import pytest

from conftest import PASSWORD
from tests.chromium import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_city_staff_enrol_a_totp_device_and_sign_in_with_it(
    transactional_db, live_server, chromium, browser_page, settings, city_staff
):
    settings.OTP_REQUIRED_ROLES = ["city_staff", "inspection", "superuser"]
    page = browser_page
    _log_in(page, live_server, city_staff)
    page.goto(f"{live_server.url}/members/")
    assert urlparse(page.url).path == "/account/two-factor/"
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    page.get_by_text("Không quét được").click()
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text().strip())
    page.fill("#id_code", totp.now())
    with page.expect_navigation():
        page.get_by_role("button", name="Bật xác thực hai bước").click()
    assert page.locator("#backup-codes li").count() == 10
    with page.expect_navigation():
        page.get_by_role("link", name="Tôi đã lưu lại, tiếp tục").click()
    assert urlparse(page.url).path == "/members/"

    # A new browser: the password alone leads to the code page, the next code signs in.
    again = chromium.new_context(**PHONE).new_page()
    _log_in(again, live_server, city_staff)
    assert urlparse(again.url).path == "/login/verify/"
    again.fill("#id_code", totp.at(time.time() + 30))
    with again.expect_navigation():
        again.get_by_role("button", name="Tiếp tục").click()
    assert urlparse(again.url).path == "/"
    assert again.get_by_role("button", name="Tiếp tục").count() == 0
