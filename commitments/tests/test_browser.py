"""End to end in Chromium: progress with evidence, completion report, "not effective", the reason shown."""

import pytest

from commitments.models import CommitmentStatus
from commitments.tests.conftest import PDF
from conftest import PASSWORD
from tests.chromium import log_in


def logged_in_page(chromium, live_server, username):
    page = chromium.new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.browser
@pytest.mark.usefixtures(
    "django_db_serialized_rollback"
)  # the flush afterwards must not lose the data migrations' rows
def test_secretary_reports_inspector_finds_not_effective_secretary_sees_reason(
    chromium, live_server, secretary_a, inspector, commitment_a
):
    detail = f"{live_server.url}/commitments/{commitment_a.pk}/"
    secretary = logged_in_page(chromium, live_server, secretary_a.username)
    secretary.goto(detail)
    secretary.click("text=Cập nhật tiến độ")
    secretary.fill("#id_percentage", "60")
    secretary.fill("#id_note", "Đã họp chi bộ sửa quy chế")
    secretary.set_input_files(
        "#id_files", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    secretary.click("main form [type=submit]")
    secretary.wait_for_url(detail)
    # Once as a download in the progress list (the change history below names it too, as a record).
    assert secretary.locator("a[href*='/commitments/evidence/']", has_text="bien-ban.pdf").count() == 1
    secretary.click("text=Báo cáo hoàn thành")
    secretary.fill("#id_summary", "Quy chế mới đã ban hành và áp dụng")
    secretary.click("main form [type=submit]")
    secretary.wait_for_url(detail)

    checker = logged_in_page(chromium, live_server, inspector.username)
    checker.goto(f"{live_server.url}/commitments/verification/")
    checker.click("text=Thẩm định >> nth=-1")
    checker.check("input[name=outcome][value=not_effective]")
    checker.fill("#id_assessment", "Quy chế mới chưa được thực hiện trong sinh hoạt chi bộ")
    checker.click("main form [type=submit]")
    checker.wait_for_url(detail)

    secretary.goto(detail)
    reason = secretary.locator("#reopen-reason")
    assert "Quy chế mới chưa được thực hiện trong sinh hoạt chi bộ" in reason.inner_text()
    commitment_a.refresh_from_db()
    assert commitment_a.status == CommitmentStatus.REOPENED
    assert commitment_a.evidence_files.get().original_name == "bien-ban.pdf"


@pytest.mark.browser
@pytest.mark.usefixtures("django_db_serialized_rollback")
def test_the_commitment_list_keeps_status_and_progress_on_a_phone_screen(
    live_server, browser_page, secretary_a, commitment_a
):
    page = browser_page
    log_in(page, live_server, secretary_a, PASSWORD)
    page.goto(f"{live_server.url}/commitments/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table = page.locator("#commitment-table")
    assert table.evaluate("(t) => t.scrollWidth <= t.parentElement.clientWidth")
    row = table.locator("tbody tr").first
    for cell in (row.locator(".badge").first, row.get_by_text("Tiến độ 0%")):
        box = cell.bounding_box()
        assert cell.is_visible() and box["x"] + box["width"] <= 390
