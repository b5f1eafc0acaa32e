"""The commitments catalogue: every Vietnamese entry filled, compiled, and used."""

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.mo"))
    assert {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural} == {
        e.msgid: e.msgstr for e in mo if e.msgid and not e.msgid_plural
    }


def test_a_known_string_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("Verification queue") == "Danh sách chờ xác minh"
    with translation.override("en"):
        assert translation.gettext("Verification queue") == "Verification queue"
