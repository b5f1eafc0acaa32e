"""Two tests that need Chromium, run by ``test_chromium.py`` in a pytest of their own.

The name does not match ``test_*.py``, so the suite never collects this file itself.
"""


def test_a_browser(chromium):
    chromium.new_context().close()


def test_a_phone_page(browser_page):
    assert browser_page.viewport_size["width"] == 390
