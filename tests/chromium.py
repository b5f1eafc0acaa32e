"""Chromium for the browser tests (a pytest plugin loaded by the root conftest).

The executable is ``$CHROMIUM`` when set, else Debian's package, else the one
``python -m playwright install chromium`` downloaded. ``scripts/ensure-chromium``
(run by ``make test``) installs one when it can. Without any, every test that
needs the ``chromium`` fixture is skipped and the run ends with one line saying
how to install it; under ``REQUIRE_SERVICES=1`` those tests fail instead.
"""

import functools
import os

import pytest

from conftest import services_required

DEBIAN_CHROMIUM = "/usr/bin/chromium"
HOW_TO_INSTALL = (
    "install it with `apt-get install chromium fonts-dejavu-core` (as root) "
    "or `.venv/bin/python -m playwright install chromium`, or set CHROMIUM to its path"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}

_SKIPPED = pytest.StashKey[int]()


def _executable(path):
    return path if path and os.access(path, os.X_OK) else None


def downloaded_chromium():
    """Where Playwright keeps the Chromium it downloads (the file may not exist)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


@functools.cache
def chromium_executable():
    """The path of the Chromium the browser tests drive, or None when there is none."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return _executable(configured)
    return _executable(DEBIAN_CHROMIUM) or _executable(downloaded_chromium())


@pytest.hookimpl(trylast=True)  # after -m/-k deselection: only the tests that would run are looked at
def pytest_collection_modifyitems(config, items):
    needing = [item for item in items if "chromium" in getattr(item, "fixturenames", ())]
    if not needing or services_required() or chromium_executable():
        return
    skip = pytest.mark.skip(reason="Chromium not found (the end of the run says how to install it)")
    for item in needing:
        item.add_marker(skip)
    config.stash[_SKIPPED] = len(needing)


def pytest_terminal_summary(terminalreporter, config):
    skipped = config.stash.get(_SKIPPED, 0)
    if skipped:
        terminalreporter.write_line(f"Chromium not found, so {skipped} browser tests were skipped: {HOW_TO_INSTALL}")


@pytest.fixture
def chromium(monkeypatch):
    """A Playwright Chromium browser, closed with all its contexts after the test.

    Playwright's sync API runs an event loop in this thread, so Django's guard
    against ORM calls from async code is relaxed for the test's duration; ORM
    calls made meanwhile get their own database connection, closed here so the
    test database can be dropped at the end of the run.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:  # without REQUIRE_SERVICES=1 the test was skipped at collection
        pytest.fail(f"REQUIRE_SERVICES=1 but Chromium was not found: {HOW_TO_INSTALL}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture
def browser_page(chromium):
    """A page in a phone-sized Chromium (390×844, mobile, touch).

    Use it with pytest-django's ``live_server`` (which makes the test
    transactional) and open ``live_server.url + path``.
    """
    context = chromium.new_context(**PHONE)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, live_server, user, password):
    """Log ``user`` in through the login form (Enter in the password field: the language buttons submit too)."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
