from pathlib import Path

import polib
import pytest
from django.utils import translation

from reviews.rating import decide
from reviews.services import ReviewError

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_every_vietnamese_message_is_translated_and_not_fuzzy():
    po = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po"))
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_compiled_catalogue_matches_the_source(language):
    po = polib.pofile(str(LOCALE / f"{language}/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / f"{language}/LC_MESSAGES/django.mo"))
    assert {e.msgid: e.msgstr for e in po.translated_entries()} == {
        e.msgid: e.msgstr for e in mo if e.msgid and not e.msgid_plural
    } | {e.msgid: e.msgstr for e in po.translated_entries() if e.msgid_plural}


def test_a_known_string_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("Open a review cycle") == "Mở đợt kiểm điểm"
    with translation.override("en"):
        assert translation.gettext("Open a review cycle") == "Open a review cycle"


def test_a_refused_decision_is_explained_in_vietnamese(review_a, city_staff):
    with translation.override("vi"), pytest.raises(ReviewError) as refused:
        decide(review_a, "khong-co", city_staff)
    assert "không phải là mức xếp loại" in str(refused.value)
