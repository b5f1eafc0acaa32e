"""End to end in Chromium: QĐ 366's three rating steps on the page, scored line by line, in the rule's order."""

import pytest
from django.urls import reverse

from reviews.tests.conftest import settle_below
from reviews.tests.test_browser import _page_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINES = {"1.A1": "10", "1.A2": "9", "1.A3": "8", "1.B1": "35", "1.B2": "15", "1.B3": "8"}  # 85 points


def test_the_ward_is_scored_by_line_proposed_and_decided_once_its_members_and_branch_are_rated(
    chromium, live_server, review_a, city_staff
):
    page = _page_as(chromium, live_server, city_staff)
    page.set_viewport_size({"width": 390, "height": 844})
    url = live_server.url + reverse("reviews:rate", args=["collective", review_a.pk])
    page.goto(url)
    page.select_option("#id_self-level", "httnv")
    for code, points in LINES.items():
        page.fill(f"input[name='self-criterion_{code}']", points)
    page.locator("form[action$='/self/'] button").first.click()
    page.wait_for_url(url)
    assert "85,0" in page.locator("main p.text-muted").first.inner_text()
    page.select_option("#id_propose-level", "httnv")
    page.locator("form[action$='/propose/'] button").click()
    page.wait_for_url(url)
    page.select_option("#id_decide-level", "httnv")
    page.locator("form[action$='/decide/'] button").click()
    assert "phải được xếp loại trước tổ chức cấp trên" in page.locator("main").inner_text()
    review_a.refresh_from_db()
    assert (review_a.total_score, review_a.proposed_level, review_a.decided_level) == (85, "httnv", "")

    settle_below(review_a)
    page.goto(url)
    page.select_option("#id_decide-level", "httnv")
    page.locator("form[action$='/decide/'] button").click()
    page.wait_for_url(url)
    review_a.refresh_from_db()
    assert review_a.decided_level == "httnv"
