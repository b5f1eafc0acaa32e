"""The home page per role: the city overview, a secretary's own organizations, and its query budget.

Numbers are those of the hand-counted world of ``reports.tests.fixtures`` (today 20/12/2017).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.tests.conftest import MARKER
from reviews.models import CollectiveReview
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def _number(html, element_id):
    match = re.search(rf'id="{element_id}"[^>]*>(\d+)<', html)
    assert match, f"no number {element_id}"
    return int(match.group(1))


def _link(html, element_id):
    return re.search(rf'<a [^>]*href="([^"]+)"[^>]*id="{element_id}"', html).group(1).replace("&amp;", "&")


def test_city_staff_home_shows_the_current_cycles_overview(world, login, city_staff):
    html = login(city_staff).get(reverse("home")).content.decode()
    assert "Tổng quan Hằng năm 2017" in html
    # 7 grassroots wards; A and B rated and C submitted reached the city; C waits; G was returned.
    assert (_number(html, "home-submitted"), _number(html, "home-total")) == (3, 7)
    assert (_number(html, "home-awaiting"), _number(html, "home-returned")) == (1, 1)
    # A's open commitment and B's reopened one are past their deadline; B's completed one waits.
    assert (_number(html, "home-overdue"), _number(html, "home-unverified")) == (2, 1)
    for name in ("reports:dashboard", "commitments:list"):
        assert reverse(name) in html
    assert reverse("reviews:cycle_board", args=[world["cycle"].pk]) in html
    assert reverse("directives:overview", args=[world["cycle"].pk]) in html
    assert reverse("commitments:queue") not in html  # the queue is the Inspection Committee's


def test_the_inspection_committee_gets_the_verification_queue_from_home(world, login, inspector):
    client = login(inspector)
    html = client.get(reverse("home")).content.decode()
    assert _link(html, "home-unverified") == reverse("commitments:queue")
    assert client.get(reverse("commitments:queue")).context["page_obj"].paginator.count == _number(
        html, "home-unverified"
    )


def test_every_linked_home_number_lands_on_a_list_of_that_many_rows(world, login, city_staff, settings):
    settings.PAGE_SIZE = 1  # the filtered list's whole count, not one page's
    client = login(city_staff)
    html = client.get(reverse("home")).content.decode()
    for element in ("home-total", "home-awaiting", "home-returned", "home-overdue", "home-unverified"):
        response = client.get(_link(html, element))
        assert response.context["page_obj"].paginator.count == _number(html, element), element


def test_a_standing_members_overview_counts_only_the_organizations_in_reach(world, login, standing_member_a):
    html = login(standing_member_a).get(reverse("home")).content.decode()
    assert 'id="home-overview"' in html
    assert (_number(html, "home-submitted"), _number(html, "home-total")) == (1, 1)  # ward A alone
    assert (_number(html, "home-overdue"), _number(html, "home-unverified")) == (1, 0)


def test_a_secretarys_home_shows_the_own_organizations_figures_only(world, marked_b, login, secretary_a):
    organization, _member = marked_b
    CollectiveReview.objects.create(cycle=world["cycle"], organization=organization)
    html = login(secretary_a).get(reverse("home")).content.decode()
    assert 'id="home-overview"' not in html
    organizations = html[html.index('id="home-organizations"') :]
    assert organizations.index("Đảng bộ phường Trần Hưng Đạo") < organizations.index("Hằng năm 2017")
    review = world["reviews"]["A"]
    assert f'href="{reverse("reviews:collective_detail", args=[review.pk])}" data-review-step>Đã xếp loại<' in html
    assert (_number(html, "home-open"), _number(html, "home-overdue")) == (1, 1)  # B's reopened one stays out
    assert MARKER not in html, "ward B's organization leaked to the secretary of ward A"
    assert "Đảng bộ phường Quang Trung" not in html


def _grow(city, cycle, count):
    for _n in range(count):
        CollectiveReview.objects.create(cycle=cycle, organization=make_organization(parent=city))


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("actor", ["city_staff", "secretary_a"])
def test_the_home_page_costs_the_same_queries_with_5_and_50_organizations(actor, world, city, login, request):
    client = login(request.getfixturevalue(actor))
    few = _queries(client)
    _grow(city, world["cycle"], 45)
    assert _queries(client) == few
