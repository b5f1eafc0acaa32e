"""Strings of the notifications app in Vietnamese and English (tests/test_i18n.py checks every catalog)."""

from django.utils import translation

from notifications.models import Step


def test_a_step_reads_in_vietnamese_and_in_english():
    with translation.override("vi"):
        assert str(Step.OVERDUE.label) == "Quá hạn"
    with translation.override("en"):
        assert str(Step.OVERDUE.label) == "Overdue"
