"""Strings of the directives app in Vietnamese and English (tests/test_i18n.py checks every catalog)."""

from django.utils import translation


def test_a_known_string_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("In-depth review directives") == "Gợi ý kiểm điểm sâu"
    with translation.override("en"):
        assert translation.gettext("In-depth review directives") == "In-depth review directives"
