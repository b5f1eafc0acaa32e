"""``core.lists.paginate``: a page read by its keys first lists the same rows, in the same order; a capped
count stops one row past its cap, and the pages past it still open."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core import lists
from members.models import Member
from tests.factories import make_member


@pytest.mark.parametrize("order", [("full_name", "pk"), ("-organization__path", "-full_name", "pk")])
def test_a_page_chosen_by_its_keys_lists_the_same_rows_in_the_same_order(branch_a, branch_b, order):
    for number in range(7):
        make_member(branch_a if number % 2 else branch_b, full_name=f"Đảng viên {7 - number}")
    members = Member.objects.select_related("organization").order_by(*order)
    for number in ("1", "2", "3"):
        request = RequestFactory().get("/", {"page": number})
        early = lists.paginate(request, members, per_page=3)
        late = lists.paginate(request, members, per_page=3, late_rows=True)
        assert [m.pk for m in late] == [m.pk for m in early]
        assert late.paginator.num_pages == early.paginator.num_pages == 3
        assert late.number == early.number


def test_a_page_chosen_by_its_keys_sorts_keys_only_and_reads_its_rows_with_their_joins(branch_a):
    for _ in range(4):
        make_member(branch_a)
    members = Member.objects.select_related("organization").order_by("full_name", "pk")
    with CaptureQueriesContext(connection) as captured:
        page = lists.paginate(RequestFactory().get("/", {"page": "2"}), members, per_page=3, late_rows=True)
        names = [member.organization.name for member in page]
    sorted_query = next(query["sql"] for query in captured if "ORDER BY" in query["sql"])
    assert sorted_query.split(" FROM ")[0].startswith('SELECT "members_member"."id"')
    assert "JOIN" not in sorted_query
    assert names == [branch_a.name]
    assert len(captured) == 3  # the count, the page's keys, its rows with their organizations


def _capped(members, number, cap=4, per_page=2):
    """The page ``number`` of ``members`` with a count capped at ``cap`` rows, and the SQL of its count."""
    with CaptureQueriesContext(connection) as captured:
        page = lists.paginate(RequestFactory().get("/", {"page": number}), members, per_page=per_page, capped=True)
        list(page)
    return page, [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]


@pytest.fixture
def nine_members(branch_a, settings):
    settings.LIST_COUNT_CAP = 4
    for number in range(9):
        make_member(branch_a, full_name=f"Đảng viên {number}")
    return Member.objects.order_by("full_name", "pk")


def test_a_capped_count_reads_one_row_past_the_cap_and_says_there_are_more(nine_members):
    page, counts = _capped(nine_members, "1")
    assert (page.paginator.over, page.paginator.counted, page.paginator.counted_pages) == (True, 4, 2)
    assert page.paginator.count == 5 and page.has_next() and page.next_page_number() == 2
    assert len(counts) == 1 and "LIMIT 5" in counts[0]  # never reads more than the cap and the row after it
    assert "ORDER BY" not in counts[0]  # counting needs no sort


def test_a_capped_count_under_the_cap_is_the_exact_number(nine_members, settings):
    settings.LIST_COUNT_CAP = 9
    page, _counts = _capped(nine_members, "1")
    assert (page.paginator.over, page.paginator.count, page.paginator.num_pages) == (False, 9, 5)


@pytest.mark.parametrize(
    ("number", "rows", "over", "count", "has_next"),
    [
        ("2", ["2", "3"], True, 5, True),  # the last page within the cap links on
        ("3", ["4", "5"], True, 7, True),  # past the cap: counted as far as this page and the row after it
        ("4", ["6", "7"], True, 9, True),
        ("5", ["8"], False, 9, False),  # the end: counted exactly
        ("99", ["8"], False, 9, False),  # past the end: the last page, as without a cap
        ("9" * 40, ["8"], False, 9, False),  # a number too large for a LIMIT is no error
        ("x", ["0", "1"], True, 5, True),
    ],
)
def test_pages_past_the_cap_open_and_link_on_while_rows_remain(nine_members, number, rows, over, count, has_next):
    page, counts = _capped(nine_members, number)
    assert [member.full_name[-1] for member in page] == rows
    assert (page.paginator.over, page.paginator.count, page.has_next()) == (over, count, has_next)
    assert len(counts) == 1


def test_a_count_given_is_kept_even_when_capped(nine_members):
    request = RequestFactory().get("/", {"page": "1"})
    with CaptureQueriesContext(connection) as captured:
        page = lists.paginate(request, nine_members, per_page=2, count=9, capped=True)
    assert (page.paginator.over, page.paginator.count, page.paginator.num_pages) == (False, 9, 5)
    assert not [query for query in captured if "COUNT(" in query["sql"].upper()]
