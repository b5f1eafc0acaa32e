"""End to end in Chromium on a phone: a secretary logs in, reaches their organization, not another's."""

from urllib.parse import urlparse

import pytest

from conftest import PASSWORD

# Serialized rollback: the flush after a transactional test must not lose the data migrations' rows.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_secretary_on_a_phone_sees_their_organization_and_not_another(
    transactional_db, live_server, browser_page, secretary_a, ward_a, ward_b
):
    page = browser_page
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))

    _log_in(page, live_server, secretary_a)
    assert urlparse(page.url).path == "/"
    assert page.locator(".navbar-toggler").is_visible()  # the phone layout: the menu is collapsed
    link = page.get_by_role("link", name=ward_a.name)
    assert link.is_visible()
    assert page.get_by_text(ward_b.name).count() == 0

    with page.expect_navigation():
        link.click()
    assert urlparse(page.url).path == f"/organizations/{ward_a.pk}/"
    assert page.locator("h1").inner_text() == ward_a.name

    response = page.goto(f"{live_server.url}/organizations/{ward_b.pk}/")
    assert response.status == 404
    assert ward_b.name not in page.content()

    assert hosts == {urlparse(live_server.url).netloc}, "a page loaded something from another host (a CDN?)"


def test_bootstrap_css_is_served_locally_and_applied_on_a_phone(transactional_db, live_server, browser_page):
    page = browser_page
    stylesheets = []
    page.on("response", lambda response: stylesheets.append(response) if response.url.endswith(".css") else None)
    page.goto(f"{live_server.url}/login/")

    bootstrap = [response for response in stylesheets if "/static/bootstrap/css/bootstrap.min.css" in response.url]
    assert bootstrap and bootstrap[0].status == 200
    assert urlparse(bootstrap[0].url).netloc == urlparse(live_server.url).netloc
    # Bootstrap's own rules are in effect: a flex navbar, and a full-width button in the narrow column.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows the phone's width
    button_width = page.locator("main form button[type=submit]").bounding_box()["width"]
    assert button_width > 300
