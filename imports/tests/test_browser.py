"""In a phone-sized browser: download the template, fill it, check it, confirm it."""

import pytest
from django.conf import settings
from django.urls import reverse

from imports.models import ImportKind
from imports.template import template_bytes
from imports.tests.helpers import member_row
from members.models import Member
from tests.chromium import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def test_a_secretary_imports_the_template_on_a_phone(
    transactional_db, live_server, client, chromium, secretary_a, branch_a, tmp_path
):
    client.force_login(secretary_a)
    context = chromium.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(reverse("imports:index"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu").first.click()
    assert download.value.suggested_filename == "mau-nhap-members.xlsx"
    filled = tmp_path / "dang-vien.xlsx"
    filled.write_bytes(template_bytes(ImportKind.MEMBERS, [member_row(n, "P-THD-1") for n in range(1, 6)]))

    page.get_by_role("link", name="Nhập một tệp").first.click()
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(str(filled))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Xác nhận và ghi").wait_for()
    assert page.locator(".import-errors").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows the phone's width
    page.get_by_role("button", name="Xác nhận và ghi").click()
    page.get_by_text("Đã ghi lúc").wait_for()
    assert Member.objects.filter(organization=branch_a).count() == 5
    context.close()
