"""Strings of the studies app in Vietnamese and English (tests/test_i18n.py checks every catalog)."""

from django.utils import translation

from studies.timing import REASONING


def test_a_known_string_and_the_reasoning_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("Study essays") == "Bài thu hoạch"
        assert str(REASONING).startswith("Thời điểm cuối năm các địa phương, đơn vị bận nhiều công việc chuyên môn")
    with translation.override("en"):
        assert translation.gettext("Study essays") == "Study essays"
        assert str(REASONING).startswith("At the end of the year")
