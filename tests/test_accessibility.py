"""Accessibility and the phone layout: axe-core and the Nu HTML Checker on every role's main pages.

axe-core comes bundled in the PyPI package axe-playwright-python (no Node, no CDN); the Nu HTML
Checker is vnu.jar run on Java (``tests/vnu.py``). Each role's home page, and the lists a role
works from, are checked on a desktop (1366×768) and a phone (390×844): no serious or critical
axe violation, no HTML error.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import PASSWORD
from tests.chromium import DESKTOP, PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("django_db_serialized_rollback")]

# Role fixture → the pages that role starts from.
MAIN_PAGES = {
    "city_staff": ["/", "/commitments/", "/members/", "/organizations/", "/reports/", "/reports/audit/"],
    "inspector": ["/", "/commitments/verification/", "/reports/audit/"],
    "standing_member_a": ["/"],
    "secretary_a": ["/", "/commitments/", "/members/"],
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def roles(request, member_a, member_b):
    return {name: request.getfixturevalue(name) for name in MAIN_PAGES}


def _serious(violations):
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", SIZES)
def test_every_roles_main_pages_have_no_serious_axe_violation(transactional_db, live_server, chromium, roles, size):
    axe = Axe()
    found = {}
    for name, user in roles.items():
        context = chromium.new_context(**SIZES[size])
        page = context.new_page()
        log_in(page, live_server, user, PASSWORD)
        for path in MAIN_PAGES[name]:
            assert page.goto(live_server.url + path).status == 200, path
            serious = _serious(axe.run(page).response["violations"])
            if serious:
                found[f"{name} {path}"] = serious
        context.close()
    assert found == {}


def test_every_roles_main_pages_are_valid_html(db, client, roles, vnu):
    pages = {}
    for name, user in roles.items():
        client.force_login(user)
        for path in MAIN_PAGES[name]:
            response = client.get(path)
            assert response.status_code == 200, path
            pages[f"{name} {path}"] = response.content.decode()
    assert vnu(pages) == []


def test_the_desktop_menu_is_one_line_at_1366(transactional_db, live_server, chromium, roles):
    context = chromium.new_context(**DESKTOP)
    page = context.new_page()
    log_in(page, live_server, roles["city_staff"], PASSWORD)
    assert not page.locator(".navbar-toggler").is_visible()
    assert page.evaluate("document.querySelector('.navbar').getBoundingClientRect().height") < 70
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    context.close()
