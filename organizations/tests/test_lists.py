"""The organization list and detail pages: diacritic-insensitive search, filters, query budgets.

The search tests run on SQLite by default and on PostgreSQL when
DATABASE_URL points there (as CI does).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import OrganizationKind, Sector
from tests.factories import make_member, make_organization


def _codes(response):
    return {organization.code for organization in response.context["page_obj"]}


@pytest.fixture
def staff_client(login, city_staff):
    return login(city_staff)


@pytest.mark.parametrize(
    "query", ["tran hung dao", "TRẦN HƯNG ĐẠO", "Trần Hưng Đạo", "  tRaN   hUnG  ", "phuong tran hung dao", "p-thd"]
)
def test_search_ignores_diacritics_case_and_spacing(staff_client, ward_a, ward_b, query):
    codes = _codes(staff_client.get(reverse("organizations:list"), {"q": query}))
    assert "P-THD" in codes
    assert "P-QT" not in codes


@pytest.mark.parametrize("query", ["dang ninh", "ĐĂNG NINH", "đăng ninh", "Dang Ninh"])
def test_search_treats_d_with_stroke_as_d(staff_client, city, query):
    make_organization("Đảng bộ phường Trần Đăng Ninh", parent=city, code="P-TDN")
    make_organization("Đảng bộ phường Năng Tĩnh", parent=city, code="P-NT")
    assert _codes(staff_client.get(reverse("organizations:list"), {"q": query})) == {"P-TDN"}


def test_search_without_match_shows_the_empty_state(staff_client, ward_a):
    response = staff_client.get(reverse("organizations:list"), {"q": "không có tổ chức này"})
    assert list(response.context["page_obj"]) == []
    assert "Không có tổ chức nào" in response.content.decode()


def test_filters_by_sector_and_kind(staff_client, city, ward_a, branch_a):
    school = make_organization("Chi bộ Trường THPT Trần Hưng Đạo", parent=city, sector=Sector.SCHOOL, code="S-THD")
    response = staff_client.get(reverse("organizations:list"), {"sector": Sector.SCHOOL})
    assert _codes(response) == {school.code}
    response = staff_client.get(reverse("organizations:list"), {"kind": OrganizationKind.BRANCH})
    assert _codes(response) == {branch_a.code}
    response = staff_client.get(reverse("organizations:list"), {"q": "tran hung dao", "sector": Sector.WARD})
    assert _codes(response) == {ward_a.code}


def test_closed_organizations_are_listed_only_when_asked(staff_client, ward_a, branch_a):
    branch_a.close(datetime.date(2020, 1, 1))
    assert branch_a.code not in _codes(staff_client.get(reverse("organizations:list")))
    assert _codes(staff_client.get(reverse("organizations:list"), {"state": "closed"})) == {branch_a.code}
    assert branch_a.code in _codes(staff_client.get(reverse("organizations:list"), {"state": "all"}))


def test_sorting_by_code_descending(staff_client, ward_a, ward_b):
    response = staff_client.get(reverse("organizations:list"), {"sort": "-code", "kind": ward_a.kind})
    codes = [organization.code for organization in response.context["page_obj"]]
    assert codes == sorted(codes, reverse=True)
    assert response.context["current_sort"] == "-code"


def test_unknown_sort_falls_back_to_name(staff_client, ward_a):
    response = staff_client.get(reverse("organizations:list"), {"sort": "password"})
    assert response.status_code == 200
    assert response.context["current_sort"] == "name"


def test_list_pages(staff_client, settings, ward_a):
    settings.PAGE_SIZE = 5
    for number in range(12):
        make_organization(f"Chi bộ {number}", parent=ward_a, kind=OrganizationKind.BRANCH)
    response = staff_client.get(reverse("organizations:list"), {"kind": OrganizationKind.BRANCH, "page": 3})
    assert len(response.context["page_obj"]) == 2
    assert response.context["page_obj"].paginator.num_pages == 3


def _count_queries(client, url, params=None):
    """(number of queries, number of rows shown) for one page view."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), len(response.context["page_obj"])


def _branches(parent, count):
    for number in range(count):
        branch = make_organization(f"Chi bộ số {number}", parent=parent, kind=OrganizationKind.BRANCH)
        make_member(branch, party_position="Bí thư chi bộ")


def test_list_queries_do_not_grow_with_rows(staff_client, settings, ward_a):
    settings.PAGE_SIZE = 100
    url, params = reverse("organizations:list"), {"q": "chi bo so", "sort": "code"}
    _branches(ward_a, 5)
    few, few_rows = _count_queries(staff_client, url, params)
    _branches(ward_a, 45)
    many, many_rows = _count_queries(staff_client, url, params)
    assert (few_rows, many_rows) == (5, 50)
    assert few == many


def test_detail_queries_do_not_grow_with_children(staff_client, settings, city):
    settings.PAGE_SIZE = 100
    few_parent = make_organization("Đảng bộ ít", parent=city)
    many_parent = make_organization("Đảng bộ nhiều", parent=city)
    _branches(few_parent, 5)
    _branches(many_parent, 50)
    few, few_rows = _count_queries(staff_client, reverse("organizations:detail", args=[few_parent.pk]))
    many, many_rows = _count_queries(staff_client, reverse("organizations:detail", args=[many_parent.pk]))
    assert (few_rows, many_rows) == (5, 50)
    assert few == many
