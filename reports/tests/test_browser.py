"""In a real browser: a chart's number leads to its list; an export job's page follows progress."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from reports import tasks
from reports.models import ExportJob
from reports.tests.conftest import HANOI
from reports.tests.fixtures import TODAY, build_world
from tests.factories import make_member

# Serialized rollback: the flush after a transactional test must not lose the data migrations' rows.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


@pytest.fixture
def browser_as(transactional_db, live_server, client, chromium):
    """A Playwright page logged in as the given user."""

    def open_as(user):
        client.force_login(user)
        context = chromium.new_context(base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return context.new_page()

    return open_as


def test_city_staff_click_a_charts_number_and_land_on_the_filtered_list(browser_as, city_staff, branch_a, branch_b):
    page = browser_as(city_staff)
    page.goto(reverse("reports:dashboard"))
    page.locator("#organizations-by-sector table").get_by_role("link", name="4").click()
    page.wait_for_url("**/organizations/?state=active&sector=ward")
    assert page.url.endswith("/organizations/?state=active&sector=ward")


def test_city_staff_click_a_ratings_number_and_land_on_the_filtered_cycle_board(
    browser_as, city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, city_staff
):

    with time_machine.travel(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 10, tzinfo=HANOI), tick=False):
        world = build_world(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, city_staff)
    cycle = world["cycle"]
    page = browser_as(city_staff)
    page.goto(reverse("reports:dashboard") + f"?cycle={cycle.pk}")
    level = page.get_by_role("rowheader", name="Trong sạch vững mạnh", exact=True)
    row = page.locator("#organization-ratings table tbody tr").filter(has=level)
    row.get_by_role("link").last.click()  # the selected cycle's column
    page.wait_for_url(f"**/reviews/cycles/{cycle.pk}/?level=tsvm")
    assert page.locator("#board tbody tr").count() == 1
    assert "Trần Hưng Đạo" in page.locator("#board").inner_text()


def test_the_export_page_follows_progress_and_shows_the_download_link(browser_as, city_staff, branch_a):
    make_member(branch_a)
    job = ExportJob.objects.create(owner=city_staff, kind="members")
    page = browser_as(city_staff)
    page.goto(reverse("reports:job", args=[job.pk]))
    download = page.locator(".background-job-download")
    assert not download.is_visible()
    tasks.run_export(job.pk)
    download.wait_for(state="visible", timeout=10_000)
    assert download.get_attribute("href") == reverse("reports:job_download", args=[job.pk])
    assert page.locator(".progress").get_attribute("aria-valuenow") == "100"
