"""The app's Vietnamese catalogue is complete and compiled; one known string in each language."""

from pathlib import Path

import polib
from django.utils import translation

from notifications.models import Step

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_every_vietnamese_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_the_compiled_catalogues_match_the_sources():
    for language in ("vi", "en"):
        source = polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/django.po"))
        compiled = polib.mofile(str(LOCALE / f"{language}/LC_MESSAGES/django.mo"))
        assert {(e.msgid, e.msgstr) for e in source.translated_entries() if not e.msgid_plural} == {
            (e.msgid, e.msgstr) for e in compiled if e.msgid and not e.msgid_plural
        }


def test_a_step_reads_in_vietnamese_and_in_english():
    with translation.override("vi"):
        assert str(Step.OVERDUE.label) == "Quá hạn"
    with translation.override("en"):
        assert str(Step.OVERDUE.label) == "Overdue"
