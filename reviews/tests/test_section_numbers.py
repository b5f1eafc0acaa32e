"""Each section number appears once in a review form (Mẫu 01 had "II." twice, 2A/2B/2C "I." twice)."""

import re

import pytest

from reviews.models import CollectiveReview, IndividualReview


@pytest.mark.parametrize("model", [CollectiveReview, IndividualReview])
def test_section_numbers_are_unique(model):
    numbers = [re.match(r"[IVX]+(\.\d+)?\.", str(label)).group(0) for _name, label in model.SECTIONS]
    assert len(numbers) == len(set(numbers)), numbers
