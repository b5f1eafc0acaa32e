"""End to end in Chromium: submit, return on section II, resubmit, accept."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from core.workflow import SubmissionStatus

# The root conftest gives every transactional test a serialized rollback, so the shipped rule sets
# and manifestations are there.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_as(chromium, live_server, user):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: dialog.accept())  # every submit asks first (data-confirm)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + reverse("home"))
    return page


def _status(page):
    return page.locator("h1 [data-status]").get_attribute("data-status")


def test_secretary_submits_city_staff_return_on_section_ii_secretary_resubmits_city_staff_accept(
    chromium, live_server, review_a, secretary_a, city_staff
):
    detail = live_server.url + reverse("reviews:collective_detail", args=[review_a.pk])

    secretary = _page_as(chromium, live_server, secretary_a)
    secretary.goto(live_server.url + reverse("reviews:collective_edit", args=[review_a.pk]))
    secretary.fill("#id_strengths", "Hoàn thành 12/12 chỉ tiêu nghị quyết.")
    secretary.fill("#id_weaknesses", "Sinh hoạt chi bộ chưa đều.")
    secretary.fill("#id_responsibility", "Trách nhiệm thuộc Ban Thường vụ.")
    secretary.fill("#id_directions", "Đổi mới nội dung sinh hoạt.")
    secretary.click("#sections-form #save-report")
    secretary.wait_for_url(detail)
    secretary.click("#review-actions button[value=submit]")
    secretary.wait_for_url(detail)
    assert _status(secretary) == SubmissionStatus.SUBMITTED

    staff = _page_as(chromium, live_server, city_staff)
    staff.goto(detail)
    staff.click("#review-actions a[href$='/return/']")
    staff.fill("#id_reason_weaknesses", "Nêu rõ nguyên nhân chủ quan.")
    staff.click("main form button[type=submit]")
    staff.wait_for_url(detail)
    assert _status(staff) == SubmissionStatus.RETURNED

    secretary.goto(detail)
    assert "Nêu rõ nguyên nhân chủ quan." in secretary.locator("#return-reasons").inner_text()
    secretary.goto(live_server.url + reverse("reviews:collective_edit", args=[review_a.pk]))
    # Typed, then "Submit" straight from the edit page: the typed text is what goes up.
    secretary.fill("#id_weaknesses", "Sinh hoạt chi bộ chưa đều, do chủ quan của chi ủy.")
    secretary.click("#sections-form #submit-report")
    secretary.wait_for_url(detail)
    assert _status(secretary) == SubmissionStatus.RESUBMITTED
    assert review_a.last_version().snapshot["weaknesses"] == "Sinh hoạt chi bộ chưa đều, do chủ quan của chi ủy."

    staff.goto(detail)
    assert "do chủ quan của chi ủy" in staff.locator("#changes-since-last").inner_text()
    staff.click("#review-actions button[value=accept]")
    staff.wait_for_url(detail)
    assert _status(staff) == SubmissionStatus.ACCEPTED

    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.ACCEPTED
    assert [v.action for v in review_a.versions()] == ["submit", "return", "submit", "accept"]
