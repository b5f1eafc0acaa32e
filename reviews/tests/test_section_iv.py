"""Section IV of the collective review is the directive's explanation, read from the directives app's rows."""

import datetime

import pytest
from django.urls import reverse

from directives import services as directive_services
from directives.models import ExplanationReport


@pytest.fixture
def explanation(cycle, city, ward_a, inspector, city_staff, standing_member_a):
    """An issued directive to ward A in the reviews' 2025 cycle, and ward A's explanation report."""
    directive = directive_services.propose(
        inspector,
        issuer=city,
        cycle=cycle,
        title="Gợi ý kiểm điểm sâu phường Trần Hưng Đạo",
        reasons=["public_concern"],
        organizations=[ward_a],
        free_items=["Việc cấp phép xây dựng ở khu phố 1"],
    )
    directive_services.issue(
        directive,
        city_staff,
        number="301-TB/TU",
        issued_on=datetime.date(2025, 11, 3),
        report_deadline=datetime.date(2025, 11, 24),
        review_days=2,
        standing_member=standing_member_a,
    )
    return ExplanationReport.objects.get(directive=directive, organization=ward_a)


def _answer(report, user, head):
    item = report.items.get()
    answer = {"facts": "Cấp phép sai quy hoạch ở khu phố 1", "head_responsibility": head, "people": []}
    return directive_services.save_explanation(report, user, report.revision, {item.pk: answer})


def test_collective_review_page_shows_the_explanation_and_follows_its_edits(login, secretary_a, review_a, explanation):
    _answer(explanation, secretary_a, "Bí thư nhận trách nhiệm người đứng đầu")
    url = reverse("reviews:collective_detail", args=[review_a.pk])
    page = login(secretary_a).get(url).content.decode()
    assert 'id="section-iv"' in page
    assert "Việc cấp phép xây dựng ở khu phố 1" in page
    assert "Cấp phép sai quy hoạch ở khu phố 1" in page
    assert "Bí thư nhận trách nhiệm người đứng đầu" in page

    explanation.refresh_from_db()
    _answer(explanation, secretary_a, "Đồng chí Bí thư đã kiểm điểm, rút kinh nghiệm")
    page = login(secretary_a).get(url).content.decode()
    assert "Đồng chí Bí thư đã kiểm điểm, rút kinh nghiệm" in page
    assert "Bí thư nhận trách nhiệm người đứng đầu" not in page


def test_collective_review_of_an_organization_without_directive_says_so(login, secretary_b, review_b, explanation):
    page = login(secretary_b).get(reverse("reviews:collective_detail", args=[review_b.pk])).content.decode()
    assert "Việc cấp phép xây dựng ở khu phố 1" not in page
    assert "Tổ chức này không được gợi ý kiểm điểm trong đợt này." in page
