"""The dashboard: hand-counted numbers, links to the lists, the access scope and a flat query count."""

import datetime
import re

import pytest
from django.urls import reverse

from members.models import MemberStatus
from organizations.models import OrganizationKind, Sector
from reports import dashboard
from reports.tests.conftest import MARKER
from tests.factories import make_member, make_organization, make_user


@pytest.fixture
def population(city, ward_a, ward_b, branch_a, branch_b):
    """Five active organizations, one closed; five members of A and B in known states."""
    make_organization("Chi bộ đã giải thể", parent=city, code="OLD", valid_to=datetime.date(2020, 1, 1))
    make_member(branch_a, full_name="A lãnh đạo", is_leader=True, works_in_political_system=True)  # 2A
    make_member(branch_a, full_name="A cán bộ", works_in_political_system=True, status=MemberStatus.SUSPENDED)  # 2B
    make_member(branch_a, full_name="A đảng viên")  # 2C
    make_member(branch_b, full_name="B đảng viên")  # 2C
    make_member(branch_b, full_name="B từ trần", status=MemberStatus.DECEASED)  # 2C


def _cell(html, link, number):
    """The table cell linking ``link`` shows ``number``."""
    return f'<a href="{link}">{number}</a>' in html.replace("&amp;", "&")


@pytest.mark.django_db
def test_organization_counts_by_sector_and_kind_are_those_counted_by_hand(population, city_staff):
    counts = dashboard.organization_counts(city_staff, datetime.date(2026, 1, 1))
    assert counts["total"] == 5  # the closed one is not counted
    assert (counts["sector_ward"], counts["sector_other"], counts["sector_school"]) == (4, 1, 0)
    assert counts["kind_superior_committee"] == 1
    assert counts["kind_grassroots_committee"] == 2
    assert counts["kind_branch"] == 2


@pytest.mark.django_db
def test_member_counts_by_status_and_review_form_are_those_counted_by_hand(population, city_staff):
    counts = dashboard.member_counts(city_staff)
    assert counts["total"] == 5
    assert (counts["status_active"], counts["status_suspended"], counts["status_deceased"]) == (3, 1, 1)
    assert (counts["form_2A"], counts["form_2B"], counts["form_2C"]) == (1, 1, 3)


def test_every_dashboard_number_links_to_the_list_it_counts(population, login, city_staff):
    html = login(city_staff).get(reverse("reports:dashboard")).content.decode()
    assert _cell(html, "/organizations/?state=active&sector=ward", 4)
    assert _cell(html, "/organizations/?state=active&sector=other", 1)
    assert _cell(html, "/organizations/?state=active&kind=branch", 2)
    assert _cell(html, "/members/?status=active", 3)
    assert _cell(html, "/members/?status=deceased", 1)
    assert _cell(html, "/members/?review_form=2A", 1)
    assert _cell(html, "/members/?review_form=2C", 3)
    assert re.search(r'id="organization-total" href="/organizations/\?state=active">\D*\b5\b\D*<', html)
    # Grassroots organizations first, the branches under them apart (issue 11 point 3).
    assert re.search(r'id="grassroots-total" href="/organizations/\?state=active&amp;tier=grassroots">2<', html)
    assert re.search(r'id="branch-total" href="/organizations/\?state=active&amp;tier=branches">\D*\b2\b\D*<', html)
    assert re.search(r'id="member-total" href="/members/">5<', html)


def _table_links(html, slug):
    """(link, number) of every linked number in the table of chart ``slug``."""
    figure = html[html.index(f'id="{slug}"') :]
    table = figure[figure.index("<table") : figure.index("</table>")].replace("&amp;", "&")
    return [(link, int(number)) for link, number in re.findall(r'<a href="([^"]+)">(\d+)</a>', table)]


@pytest.mark.parametrize(
    ("actor", "slug"),
    [
        ("city_staff", "organizations-by-sector"),
        ("city_staff", "organizations-by-kind"),
        ("city_staff", "members-by-status"),
        ("city_staff", "members-by-review-form"),
        ("secretary_a", "members-by-review-form"),
    ],
)
def test_following_a_dashboard_number_lands_on_a_list_of_that_many_rows(
    actor, slug, request, population, login, settings
):
    settings.PAGE_SIZE = 2  # the count is the whole filtered list's, not one page's
    client = login(request.getfixturevalue(actor))
    html = client.get(reverse("reports:dashboard")).content.decode()
    links = _table_links(html, slug)
    assert len(links) >= 3, links
    assert any(number > 0 for _link, number in links)
    for link, number in links:
        response = client.get(link)
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == number, f"{link} lists a different number of rows"


def test_each_chart_is_drawn_in_svg_beside_a_table_of_the_same_numbers(population, login, city_staff):
    html = login(city_staff).get(reverse("reports:dashboard")).content.decode()
    for slug in ("organizations-by-sector", "organizations-by-kind", "members-by-status", "members-by-review-form"):
        figure = html[html.index(f'id="{slug}"') :]
        figure = figure[: figure.index("</figure>")]
        assert "<svg" in figure
        assert "<table" in figure
    assert "<script>" not in html


def test_a_secretary_sees_only_the_own_sub_tree(population, marked_b, login, secretary_a, ward_b):
    html = login(secretary_a).get(reverse("reports:dashboard")).content.decode()
    assert MARKER not in html
    assert ward_b.name not in html
    assert re.search(r'id="organization-total" href="[^"]*">\D*\b2\b\D*<', html)
    assert re.search(r'id="member-total" href="[^"]*">3<', html)
    assert _cell(html, "/members/?review_form=2A", 1)


@pytest.mark.parametrize("actor", ["city_staff", "inspector", "standing_member_a", "secretary_a"])
def test_every_role_opens_the_dashboard_of_its_reach(actor, request, login, population):
    user = request.getfixturevalue(actor)
    assert login(user).get(reverse("reports:dashboard")).status_code == 200


def test_a_user_without_any_role_is_refused_the_dashboard(login, db):
    assert login(make_user("nobody")).get(reverse("reports:dashboard")).status_code == 403


def test_anonymous_users_are_sent_to_login_for_the_dashboard(client, db):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _grow(city, organizations):
    for n in range(organizations):
        ward = make_organization(parent=city, sector=Sector.COMMUNE if n % 2 else Sector.WARD)
        branch = make_organization(parent=ward, kind=OrganizationKind.BRANCH)
        make_member(branch, is_leader=n % 3 == 0)


@pytest.mark.parametrize("organizations", [5, 50])
def test_the_dashboard_costs_the_same_queries_for_5_and_50_organizations(
    organizations, login, city, city_staff, django_assert_num_queries
):
    _grow(city, organizations)
    client = login(city_staff)
    # session, user, role assignments, unread notifications, extension requests to decide (navigation),
    # organization counts, member counts,
    # cycles (none yet), remediation (grouped commitments, grassroots organizations), study plans and sessions
    with django_assert_num_queries(12):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert re.search(rf'id="member-total" href="[^"]*">{organizations}<', response.content.decode())
