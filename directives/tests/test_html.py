"""The explanation report's and Mẫu 01's edit pages are valid HTML (the Nu HTML Checker, ``tests/vnu.py``):
each item's ``legend`` is the first child of its ``fieldset``, headings do not skip a level."""

import pytest
from django.urls import reverse

from directives.tests.conftest import fill_report

pytestmark = pytest.mark.browser


def test_the_explanation_and_collective_review_pages_are_valid_html(
    login, secretary_a, report, member_a, collective_review, vnu
):
    fill_report(report, secretary_a, people=[(member_a, "Chịu trách nhiệm về việc cấp phép.")])
    client = login(secretary_a)
    pages = {
        name: client.get(url).content.decode()
        for name, url in {
            "explanation": reverse("directives:report", args=[report.pk]),
            "collective edit": reverse("reviews:collective_edit", args=[collective_review.pk]),
            "collective": reverse("reviews:collective_detail", args=[collective_review.pk]),
        }.items()
    }
    assert 'id="explanation-form"' in pages["explanation"]
    assert vnu(pages) == []
