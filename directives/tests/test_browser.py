"""A secretary answers a directive on a phone: from the home page to a submitted explanation report."""

import pytest
from django.urls import reverse

from core.workflow import SubmissionStatus
from directives.models import ExplanationReport
from tests.chromium import PHONE


@pytest.fixture
def phone_page(browser_page):
    browser_page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm question before submitting
    return browser_page


@pytest.mark.browser
@pytest.mark.usefixtures(
    "django_db_serialized_rollback"
)  # the flush afterwards must not lose the data migrations' rows
def test_secretary_answers_a_directive_on_a_phone(
    transactional_db, live_server, secretary_a, report, member_a, phone_page
):
    page = phone_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "bithu_a")
    page.fill("input[name=password]", "pass-Words-123")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(live_server.url + reverse("home"))

    page.click("#home-directives a >> nth=0")
    assert "Gợi ý kiểm điểm sâu" in page.content()
    page.click(f"a[href='{reverse('directives:report', args=[report.pk])}']")

    items = list(report.items.order_by("pk"))
    for item in items:
        page.fill(f"textarea[name='{item.pk}-facts']", "Để xảy ra xây dựng trái phép ở khu phố 1")
        page.fill(f"textarea[name='{item.pk}-head_responsibility']", "Bí thư Đảng ủy chịu trách nhiệm chính")
    # The member picker: type part of the name without its accents, choose the suggestion.
    page.fill(f"input[name='{items[0].pk}-person-0__text']", "tran thi hoa")
    page.locator("[role=option]", has_text=member_a.full_name).first.click()
    assert page.input_value(f"input[name='{items[0].pk}-person-0']") == str(member_a.pk)
    page.fill(f"textarea[name='{items[0].pk}-person-0-text']", "Phụ trách địa bàn khu phố 1")
    save = page.locator("#save-report")
    save.scroll_into_view_if_needed()
    assert save.bounding_box()["width"] <= PHONE["viewport"]["width"]
    save.click()
    page.wait_for_selector(".alert-success")
    page.fill(f"textarea[name='{items[0].pk}-facts']", "Để xảy ra xây dựng trái phép ở khu phố 1 và 2")
    page.click("#submit-report")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("#report-status") == "Đã nộp"

    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    assert ExplanationReport.objects.get(pk=report.pk).items.filter(people__member=member_a).exists()
    # The edit made after saving was submitted with the report, not lost.
    submitted = report.last_version().snapshot[items[0].directive_item.key]
    assert submitted["facts"] == "Để xảy ra xây dựng trái phép ở khu phố 1 và 2"
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


@pytest.mark.browser
@pytest.mark.usefixtures("django_db_serialized_rollback")
def test_typed_text_is_submitted_when_submit_is_pressed_without_saving_on_a_phone(
    transactional_db, live_server, secretary_a, report, browser_page
):
    """Type, press "Submit" straight away, confirm: the submitted version holds the typed text."""
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page = browser_page
    page.on("dialog", answer)
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "bithu_a")
    page.fill("input[name=password]", "pass-Words-123")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(live_server.url + reverse("home"))
    page.goto(live_server.url + reverse("directives:report", args=[report.pk]))
    for item in report.items.order_by("pk"):
        page.fill(f"textarea[name='{item.pk}-head_responsibility']", f"Gõ rồi gửi ngay {item.pk}")
    page.click("#submit-report")
    page.wait_for_selector(".alert-success")

    assert questions == ["Nộp báo cáo? Sau khi nộp chỉ sửa được nếu bị trả lại."]
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    snapshot = report.last_version().snapshot
    for item in report.items.select_related("directive_item"):
        assert snapshot[item.directive_item.key]["head_responsibility"] == f"Gõ rồi gửi ngay {item.pk}"
