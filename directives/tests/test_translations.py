"""Every Vietnamese entry of the apps this work owns is translated, and each .mo matches its .po."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["documents", "directives", "core"])
def test_every_vietnamese_entry_is_translated_and_compiled(app):
    po = polib.pofile(str(ROOT / app / "locale/vi/LC_MESSAGES/django.po"))
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    mo = polib.mofile(str(ROOT / app / "locale/vi/LC_MESSAGES/django.mo"))
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get(entry.msgid) == entry.msgstr, entry.msgid


def test_a_known_string_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("In-depth review directives") == "Gợi ý kiểm điểm sâu"
    with translation.override("en"):
        assert translation.gettext("In-depth review directives") == "In-depth review directives"
