"""Fixed test actors shared by every app's tests.

The tree: the city committee → ward A (with branch A1) and ward B (with
branch B1). Actors: a secretary of A, a secretary of B, city staff, an
Inspection Committee member and the standing member in charge of A.
"""

import os

import pytest

from accounts.models import Role
from organizations.models import OrganizationKind, Sector
from tests.factories import make_member, make_organization, make_user

PASSWORD = "pass-Words-123"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _product_language():
    """Each test starts in Vietnamese: a request made in English must not leak its language."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture
def require_services():
    """True when the run must fail, not skip, if a service is missing."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture
def city(db):
    return make_organization(
        "Đảng bộ Thành phố Nam Định", kind=OrganizationKind.SUPERIOR_COMMITTEE, sector=Sector.OTHER, code="TU"
    )


@pytest.fixture
def ward_a(city):
    return make_organization("Đảng bộ phường Trần Hưng Đạo", parent=city, code="P-THD")


@pytest.fixture
def ward_b(city):
    return make_organization("Đảng bộ phường Quang Trung", parent=city, code="P-QT")


@pytest.fixture
def branch_a(ward_a):
    return make_organization("Chi bộ khu phố 1", parent=ward_a, kind=OrganizationKind.BRANCH, code="P-THD-1")


@pytest.fixture
def branch_b(ward_b):
    return make_organization("Chi bộ khu phố 2", parent=ward_b, kind=OrganizationKind.BRANCH, code="P-QT-2")


@pytest.fixture
def member_a(branch_a):
    return make_member(branch_a, full_name="Trần Thị Hoa")


@pytest.fixture
def member_b(branch_b):
    return make_member(branch_b, full_name="Lê Văn Bình")


@pytest.fixture
def secretary_a(ward_a):
    return make_user("bithu_a", Role.SECRETARY, ward_a)


@pytest.fixture
def secretary_b(ward_b):
    return make_user("bithu_b", Role.SECRETARY, ward_b)


@pytest.fixture
def city_staff(city):
    return make_user("vanphong", Role.CITY_STAFF, city)


@pytest.fixture
def inspector(city):
    return make_user("ubkt", Role.INSPECTION, city)


@pytest.fixture
def standing_member_a(ward_a):
    return make_user("thuongvu_a", Role.STANDING_MEMBER, ward_a)


@pytest.fixture
def login(client):
    """Log ``user`` in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def browser_page(monkeypatch):
    """A Playwright page in a phone-sized Chromium (390×844, mobile, touch).

    Use it with pytest-django's ``live_server`` (which makes the test
    transactional) and open ``live_server.url + path``. Playwright's sync API
    runs an event loop in this thread, so Django's guard against ORM calls from
    async code is relaxed for the test's duration; ORM calls made meanwhile get
    their own database connection, closed here so the test database can be
    dropped at the end of the run.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE)
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            connections.close_all()


@pytest.fixture(autouse=True)
def _shipped_data_in_transactional_tests(request):
    """Transactional (browser, concurrency) tests start from a flushed database: put back the shipped data.

    The data migrations' rule sets, manifestations and directive content items are gone after the
    first transactional test's flush, so later ones would fail depending on the order they run in.
    """
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if not (marked or {"transactional_db", "live_server"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db")
    # A browser fixture may already run Playwright's event loop in this thread; these are plain sync writes.
    request.getfixturevalue("monkeypatch").setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from importlib import import_module

    from django.apps import apps

    for module, function in (
        ("reviews.migrations.0002_rule_sets", "add_rule_sets"),
        ("reviews.migrations.0003_manifestations", "add_manifestations"),
        ("directives.migrations.0003_seed_content_items", "seed"),
    ):
        getattr(import_module(module), function)(apps, None)
