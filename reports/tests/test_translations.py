"""The catalogs of reports (and of core, which it adds to) are complete and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

CATALOGS = [Path(settings.BASE_DIR) / app / "locale" for app in ("core", "reports")]


@pytest.mark.parametrize("locale_dir", CATALOGS, ids=lambda path: path.parent.name)
def test_every_vietnamese_entry_is_translated_and_compiled(locale_dir):
    po = polib.pofile(str(locale_dir / "vi/LC_MESSAGES/django.po"))
    assert not [entry.msgid for entry in po if not entry.translated()], "untranslated or fuzzy entries"
    mo = polib.mofile(str(locale_dir / "vi/LC_MESSAGES/django.mo"))
    assert {e.msgid: e.msgstr for e in mo if not e.msgid_plural} == {
        e.msgid: e.msgstr for e in po if not e.msgid_plural and not e.obsolete
    }


@pytest.mark.parametrize(("language", "title"), [("vi", "Bảng điều khiển"), ("en", "Dashboard")])
def test_the_dashboard_speaks_the_users_language(language, title, client, login, city_staff):
    login(city_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f'<h1 class="h3 me-auto mb-0">{title}</h1>' in client.get(reverse("reports:dashboard")).content.decode()
