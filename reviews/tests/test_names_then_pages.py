"""A past cycle's single pages name the organization as it was on the cycle's date, today's beside (issue 16).

A 2017 cycle over the city, then on 1/7/2025 ward A and its branch renamed (xã Lộc Hòa became phường
Lộc Hòa): the 2017 collective review, individual review, leadership review and explanation report say
"<name of 2017> (nay là <name today>)", asking the former names in one query.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directives.models import ExplanationReport
from members.models import BodyKind, LeadershipBody, LeadershipSeat
from organizations import services
from reviews.tests.conftest import open_cycle
from tests.factories import issue_directive

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 7, 1)
BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
OLD_WARD, NEW_WARD = "Đảng bộ phường Trần Hưng Đạo", "Đảng bộ phường Lộc Hòa"
OLD_BRANCH, NEW_BRANCH = "Chi bộ khu phố 1", "Chi bộ tổ dân phố 1"
NAMES_QUERY = re.compile(
    r'SELECT "organizations_priorstate"\."organization_id"( AS "\w+")?, "organizations_priorstate"\."until"'
)


@pytest.fixture
def past(city, ward_a, ward_b, branch_a, member_a, inspector, city_staff, standing_member_a):
    """The 2017 cycle (with ward A's executive committee and a directive aimed at it), then the 2025 renamings."""
    body = LeadershipBody.objects.create(organization=ward_a, kind=BodyKind.EXECUTIVE, name="Đảng ủy phường")
    LeadershipSeat.objects.create(
        body=body, member=member_a, title="Ủy viên", position=1, start=datetime.date(2015, 1, 1)
    )
    cycle = open_cycle(year=2017, organization=city)
    directive = issue_directive(
        cycle,
        city,
        [ward_a],
        inspector,
        city_staff,
        standing_member_a,
        "12-TB/TU",
        title="Gợi ý kiểm điểm sâu",
        free_items=["Việc cấp phép xây dựng"],
    )
    services.rename(ward_a, NEW_WARD, ON, BASIS)
    services.rename(branch_a, NEW_BRANCH, ON, BASIS)
    return {
        "ward_review": cycle.collective_reviews.get(organization=ward_a),
        "individual": cycle.individual_reviews.get(member=member_a),
        "leadership": cycle.leadership_reviews.get(body=body),
        "report": ExplanationReport.objects.get(directive=directive, organization=ward_a),
    }


def _page(client, name, record):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[record.pk]))
    assert response.status_code == 200
    return response.content.decode(), sum(bool(NAMES_QUERY.match(q["sql"])) for q in queries.captured_queries)


def _then(old, new):
    return re.compile(
        re.escape(old) + r'(</a>)? <small class="text-body-secondary name-now">\(nay là ' + re.escape(new)
    )


def test_the_2017_collective_review_page_names_the_ward_and_its_members_cells_as_then(past, login, city_staff):
    html, asked = _page(login(city_staff), "reviews:collective_detail", past["ward_review"])
    assert _then(OLD_WARD, NEW_WARD).search(html) and _then(OLD_BRANCH, NEW_BRANCH).search(html)
    assert asked == 1


def test_the_2017_individual_review_page_names_the_branch_as_then(past, login, city_staff):
    html, asked = _page(login(city_staff), "reviews:individual_detail", past["individual"])
    assert _then(OLD_BRANCH, NEW_BRANCH).search(html) and asked == 1


def test_the_2017_leadership_review_page_names_the_ward_and_the_leaders_branch_as_then(past, login, city_staff):
    html, asked = _page(login(city_staff), "reviews:leadership_detail", past["leadership"])
    assert _then(OLD_WARD, NEW_WARD).search(html) and _then(OLD_BRANCH, NEW_BRANCH).search(html)
    assert asked == 1


def test_the_2017_explanation_report_page_names_the_ward_as_then(past, login, city_staff):
    html, asked = _page(login(city_staff), "directives:report", past["report"])
    assert _then(OLD_WARD, NEW_WARD).search(html) and asked == 1


def test_a_current_cycles_page_names_the_ward_by_todays_name_alone(past, login, city_staff, city):
    review = open_cycle(organization=city).collective_reviews.get(organization=past["ward_review"].organization)
    html, _asked = _page(login(city_staff), "reviews:collective_detail", review)
    assert NEW_WARD in html and "nay là" not in html


def test_the_2017_board_sorted_by_name_sorts_by_the_names_of_2017(past, login, city_staff):
    cycle = past["ward_review"].cycle
    html = login(city_staff).get(reverse("reviews:cycle_board", args=[cycle.pk]), {"sort": "name"}).content.decode()
    # In 2017 Quang Trung came before Trần Hưng Đạo; today Lộc Hòa (the same ward) comes before Quang Trung.
    assert html.index("Đảng bộ phường Quang Trung</a>") < html.index(f"{OLD_WARD}</a>")
    html = login(city_staff).get(reverse("reviews:cycle_board", args=[cycle.pk]), {"sort": "-name"}).content.decode()
    assert html.index(f"{OLD_WARD}</a>") < html.index("Đảng bộ phường Quang Trung</a>")
