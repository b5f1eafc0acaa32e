"""Strings of the commitments app in Vietnamese and English (tests/test_i18n.py checks every catalog)."""

from django.utils import translation


def test_a_known_string_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("Verification queue") == "Danh sách chờ thẩm định"
    with translation.override("en"):
        assert translation.gettext("Verification queue") == "Verification queue"
