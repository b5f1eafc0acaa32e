"""The individual reviews list searched by name: each review's member tested per row, the same rows as a join."""

import pytest
from django.urls import reverse

from accounts.models import Role
from core import planner_stats
from reports.lists import IndividualReviewFilterForm
from reviews.models import IndividualReview
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Nguyễn Thị Vân", "Trần Văn Nguyên", "Lê Văn Bình", "Nguyễn Văn Bảo", "Nguyễn Văn Cường"]


@pytest.fixture
def searched(world, branch_a, branch_b):
    """More reviews of the world's open cycle: names sharing words, in both wards."""
    for index, name in enumerate(NAMES * 2):
        member = make_member(branch_a if index % 3 else branch_b, full_name=name, card_number=f"7700{index:04d}")
        IndividualReview.objects.create(
            cycle=world["cycle"], member=member, organization=member.organization, form="2A"
        )
    return world


def _pages(client, query):
    """The ids of every page of the list for ``query``, page by page."""
    pages, number = [], 1
    while True:
        response = client.get(reverse("reports:individual_reviews"), {"q": query, "page": number})
        assert response.status_code == 200
        page = response.context["page_obj"]
        pages.append([review.pk for review in page])
        if not page.has_next():
            return pages
        number += 1


@pytest.mark.parametrize("reader", ["city", "ward"])
@pytest.mark.parametrize("query", ["nguyen van", "VĂN", "van nguyen", "zzz", "an"])
def test_the_search_per_row_lists_the_rows_of_the_join_page_by_page(
    searched, client, settings, monkeypatch, django_assert_max_num_queries, reader, query, city_staff, ward_a
):
    settings.PAGE_SIZE = 2
    user = city_staff if reader == "city" else make_user("vanphong_a", Role.SECRETARY, ward_a)
    client.force_login(user)
    with django_assert_max_num_queries(14):
        client.get(reverse("reports:individual_reviews"), {"q": query})
    chosen = _pages(client, query)  # as the list chooses (the join on SQLite, for the city, for a rare name)
    found = {}
    for per_row in (True, False):
        monkeypatch.setattr(
            IndividualReviewFilterForm, "searches_per_row", lambda _form, _query, _rows=None, way=per_row: way
        )
        found[per_row] = _pages(client, query)
    assert chosen == found[True] == found[False]
    if query == "nguyen van":
        assert sum(map(len, chosen)) >= (6 if reader == "city" else 4)


def test_the_search_per_row_tests_the_members_text_in_a_subquery(searched, ward_a, monkeypatch):
    monkeypatch.setattr(IndividualReviewFilterForm, "searches_per_row", lambda _form, _query, _rows=None: True)
    user = make_user("vanphong_a", Role.SECRETARY, ward_a)
    rows = IndividualReviewFilterForm({"q": "nguyen van"}, user=user).filter(IndividualReview.objects.order_by())
    condition = str(rows.query).lower().split(" where ", 1)[1]
    assert 'from "members_member"' in condition  # the member read by its key, in the condition
    assert '"members_member"."search_text"' not in condition  # not through a join the planner could start from
    assert " order by " not in condition


def _national_estimate(rows):
    """The planner's estimates at national scale: "nguyen van" common, "tran thi hoa" rare, "van" alone most."""
    sql = str(rows.query)
    if "nguyen" in sql:
        return 93_909
    if "%van%" in sql and "%le%" not in sql:
        return 273_075
    return 27_583 if "%le%" in sql else 1_599


def test_a_name_common_in_the_nation_is_tested_per_row_for_a_narrower_reader(searched, city_staff, ward_a, monkeypatch):
    monkeypatch.setattr(planner_stats, "estimated_rows", _national_estimate)
    ward = make_user("vanphong_a", Role.SECRETARY, ward_a)
    assert IndividualReviewFilterForm(user=ward).searches_per_row("nguyen van")
    assert not IndividualReviewFilterForm(user=ward).searches_per_row("tran thi hoa")
    assert not IndividualReviewFilterForm(user=city_staff).searches_per_row("nguyen van")  # it keeps the join
    assert IndividualReviewFilterForm(user=ward).searches_per_row("an")  # nothing for the index: every member


@pytest.mark.parametrize(("in_reach", "per_row"), [(26_000, True), (94_000, False)])
def test_a_rare_name_among_many_candidates_is_tested_per_row_for_a_small_reach(
    searched, ward_a, monkeypatch, in_reach, per_row
):
    # "le": no trigram; the index gives every "van" to recheck (27,583 matches, 273,075 candidates): an invented
    # province's 26,000 reviews are read faster per row, Nam Định's 94,000 joined.
    def estimate(rows):
        return in_reach if rows.model is IndividualReview else _national_estimate(rows)

    monkeypatch.setattr(planner_stats, "estimated_rows", estimate)
    ward = make_user("vanphong_a", Role.SECRETARY, ward_a)
    form = IndividualReviewFilterForm({"q": "le van"}, user=ward)
    assert form.searches_per_row("le van", IndividualReview.objects.all()) is per_row


def _page_query(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:individual_reviews"), params)
    pages = [
        sql for sql in (query["sql"] for query in captured) if sql.startswith('SELECT "reviews_individualreview"."id"')
    ]
    return response, pages[-1]


@pytest.mark.parametrize("reader", ["city", "ward"])
@pytest.mark.parametrize("sort", ["organization", "-organization", "name", "-name"])
def test_a_rare_name_sorts_its_matches_in_the_same_order(
    searched, client, settings, monkeypatch, city_staff, ward_a, sort, reader
):
    # "tran thi hoa" nationally: the walk in organization order tested 55,000 reviews for 25 (``sorts_matches``).
    settings.PAGE_SIZE = 3 if reader == "city" else 2
    client.force_login(city_staff if reader == "city" else make_user("vanphong_a", Role.SECRETARY, ward_a))
    estimate = {}
    monkeypatch.setattr(planner_stats, "estimated_rows", lambda rows: estimate["n"] if rows.query.where else 1_001_274)
    for number in (1, 2, 3):
        pages, orders = [], []
        for matches in (93_909, 1_599):  # the nation's matches of a common name, then of a rare one, in 1,001,274
            estimate["n"] = matches
            response, sql = _page_query(client, {"q": "van", "sort": sort, "page": number})
            pages.append([review.pk for review in response.context["page_obj"]])
            orders.append(sql.split(" ORDER BY ")[1])
        assert pages[0] and pages[0] == pages[1]
        assert "||" not in orders[0] and "||" in orders[1]  # the rare name's order is an expression no index holds
