"""On a phone, a secretary opens the ward's collective review and downloads Mẫu 01 as a Word file."""

import pytest

from conftest import PASSWORD
from paperwork.tests.conftest import COLLECTIVE_TEXT

# Serialized rollback: the flush after a transactional test must not lose the data migrations' rows.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def test_a_secretary_downloads_form_01_on_a_phone(transactional_db, live_server, browser_page, world, secretary_a):
    from docx import Document

    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", secretary_a.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    page.goto(f"{live_server.url}/reviews/collective/{world['ward_review'].pk}/")
    box = page.locator(".paperwork-documents")
    assert box.is_visible()
    row = box.locator("li").filter(has_text="Mẫu 01-HD KĐ.ĐG 2025")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Word").click()
    download = download_info.value
    assert download.suggested_filename == "mau-01-2025-p-thd.docx"
    document = Document(download.path())
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "ĐẢNG ỦY PHƯỜNG TRẦN HƯNG ĐẠO" in cells
    assert COLLECTIVE_TEXT["directions"] in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the print box fits the phone
