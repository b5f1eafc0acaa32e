import pytest
from django.utils import translation

from core.errors import DomainError
from reviews.rating import decide


def test_a_known_string_in_vietnamese_and_english():
    with translation.override("vi"):
        assert translation.gettext("Open a review cycle") == "Mở đợt kiểm điểm"
    with translation.override("en"):
        assert translation.gettext("Open a review cycle") == "Open a review cycle"


def test_a_refused_decision_is_explained_in_vietnamese(review_a, city_staff):
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        decide(review_a, "khong-co", city_staff)
    assert "không phải là mức xếp loại" in str(refused.value)
