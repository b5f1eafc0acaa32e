"""``core.lists.paginate``: a page read by its keys first lists the same rows, in the same order."""

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
