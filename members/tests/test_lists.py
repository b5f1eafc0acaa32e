"""The member list: diacritic-insensitive search by name or card number, filters, sorting, query budget.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL points there.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import MemberStatus, ReviewForm, Sex
from tests.factories import make_member


@pytest.fixture(autouse=True)
def _members_table_vacuumed(monkeypatch):
    # The name-index walk is taken only over a table vacuum has marked all-visible (``members.views``). A test
    # database's statistics depend on the tests before (an earlier ANALYZE records pages, never all-visible
    # without a VACUUM): these tests read the lists as on a vacuumed table; the check itself is tested in
    # test_search_index.py.
    from core import planner_stats

    monkeypatch.setattr(planner_stats, "read_from_indexes", lambda model: True)


@pytest.fixture
def staff_client(login, city_staff):
    return login(city_staff)


def _names(response):
    return {member.full_name for member in response.context["page_obj"]}


@pytest.mark.parametrize("query", ["tran thi hoa", "TRẦN THỊ HOA", "Trần  thị", "hoa tran"])
def test_search_by_name_ignores_diacritics_and_case(staff_client, member_a, member_b, query):
    assert _names(staff_client.get(reverse("members:list"), {"q": query})) == {"Trần Thị Hoa"}


@pytest.mark.parametrize("query", ["dinh duc", "ĐINH ĐỨC", "Đinh Đức Độ", "do"])
def test_search_treats_d_with_stroke_as_d(staff_client, branch_a, query):
    make_member(branch_a, full_name="Đinh Đức Độ")
    make_member(branch_a, full_name="Nguyễn Văn Tâm")
    assert _names(staff_client.get(reverse("members:list"), {"q": query})) == {"Đinh Đức Độ"}


def test_search_by_card_number(staff_client, member_a, member_b):
    assert _names(staff_client.get(reverse("members:list"), {"q": member_b.card_number})) == {member_b.full_name}


def test_search_without_match_shows_the_empty_state(staff_client, member_a):
    response = staff_client.get(reverse("members:list"), {"q": "không ai"})
    assert list(response.context["page_obj"]) == []
    assert "Không có đảng viên nào" in response.content.decode()


def test_filter_by_organization_covers_its_sub_tree(staff_client, ward_a, member_a, member_b):
    assert _names(staff_client.get(reverse("members:list"), {"organization": ward_a.pk})) == {member_a.full_name}


def test_filters_by_status_sex_and_review_form(staff_client, branch_a):
    make_member(branch_a, full_name="Lãnh Đạo", is_leader=True, works_in_political_system=True)
    make_member(branch_a, full_name="Cán Bộ", works_in_political_system=True, sex=Sex.FEMALE)
    make_member(branch_a, full_name="Hưu Trí", status=MemberStatus.EXCUSED)
    url = reverse("members:list")
    assert _names(staff_client.get(url, {"review_form": ReviewForm.FORM_2A})) == {"Lãnh Đạo"}
    assert _names(staff_client.get(url, {"review_form": ReviewForm.FORM_2B})) == {"Cán Bộ"}
    assert _names(staff_client.get(url, {"review_form": ReviewForm.FORM_2C})) == {"Hưu Trí"}
    assert _names(staff_client.get(url, {"status": MemberStatus.EXCUSED})) == {"Hưu Trí"}
    assert _names(staff_client.get(url, {"sex": Sex.FEMALE})) == {"Cán Bộ"}


def test_sorting_by_card_number_descending(staff_client, member_a, member_b):
    response = staff_client.get(reverse("members:list"), {"sort": "-card_number"})
    cards = [member.card_number for member in response.context["page_obj"]]
    assert cards == sorted(cards, reverse=True) and len(cards) == 2


def test_detail_shows_review_form_and_why_not_eligible(staff_client, branch_a):
    member = make_member(branch_a, status=MemberStatus.SUSPENDED, is_leader=True, works_in_political_system=True)
    content = staff_client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "2A" in content
    assert "Đình chỉ sinh hoạt đảng" in content


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:list"), params)
    assert response.status_code == 200
    return len(queries), len(response.context["page_obj"])


def test_list_queries_do_not_grow_with_rows(staff_client, settings, branch_a, branch_b):
    settings.PAGE_SIZE = 100
    params = {"q": "nguyen", "sort": "organization"}
    for _ in range(5):
        make_member(branch_a)
    few, few_rows = _count_queries(staff_client, params)
    for number in range(45):
        make_member(branch_a if number % 2 else branch_b)
    many, many_rows = _count_queries(staff_client, params)
    assert (few_rows, many_rows) == (5, 50)
    assert few == many


def test_an_invalid_filter_is_ignored_but_the_search_still_applies(staff_client, member_a, member_b):
    response = staff_client.get(reverse("members:list"), {"q": "tran thi hoa", "status": "bogus"})
    assert _names(response) == {"Trần Thị Hoa"}


@pytest.mark.parametrize("reader", ["city_staff", "secretary_a"])
@pytest.mark.parametrize("sort", ["name", "-name"])
@pytest.mark.parametrize("query", ["nguyen van", "an"])
def test_a_search_lists_its_matches_in_name_order_either_way_whatever_its_words(
    request, login, branch_a, sort, query, reader
):
    # Words of three letters or more are sorted after the search (members.views._name_search), a shorter
    # one ("an") in the order of the name index for a reader of the whole tree and sorted for a ward's: the
    # same order every way.
    for name in ("Nguyễn Văn Tâm", "Nguyễn Văn An", "Nguyễn Văn Bình", "Nguyễn Vân Anh", "Lê Văn Nguyên"):
        make_member(branch_a, full_name=name)
    response = login(request.getfixturevalue(reader)).get(reverse("members:list"), {"q": query, "sort": sort})
    names = [member.full_name for member in response.context["page_obj"]]
    expected = ["Lê Văn Nguyên", "Nguyễn Văn An", "Nguyễn Vân Anh", "Nguyễn Văn Bình", "Nguyễn Văn Tâm"]
    assert names == (expected if sort == "name" else expected[::-1])


def _listed_count(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("members:list"), params)
    counted = [
        query["sql"] for query in captured if 'FROM "members_member"' in query["sql"] and "COUNT(" in query["sql"]
    ]
    return response.context["page_obj"].paginator.count, counted


def test_the_member_list_count_comes_from_the_summary_table_when_unfiltered(login, secretary_a, branch_a, member_a):
    from members.models import Member

    client = login(secretary_a)
    make_member(branch_a, status=MemberStatus.EXCUSED, is_leader=True, works_in_political_system=True)
    count, counted = _listed_count(client, {})
    assert count == Member.objects.in_subtree(branch_a.parent).count() == 2
    assert counted == []  # no COUNT over the members
    make_member(branch_a)
    assert _listed_count(client, {})[0] == 3  # right at once after adding a member
    for params, expected in (
        ({"status": MemberStatus.EXCUSED}, 1),
        ({"review_form": ReviewForm.FORM_2A}, 1),
        ({"organization": branch_a.pk}, 3),
        ({"organization": branch_a.pk, "status": MemberStatus.ACTIVE}, 2),
    ):
        count, counted = _listed_count(client, params)
        assert (count, counted) == (expected, []), params


def test_a_searched_or_sex_filtered_member_list_counts_its_rows(staff_client, branch_a, member_a, member_b):
    make_member(branch_a, full_name="Đinh Đức Độ", sex=Sex.FEMALE)
    count, counted = _listed_count(staff_client, {"q": "dinh duc"})
    assert count == 1 and len(counted) == 1
    count, counted = _listed_count(staff_client, {"sex": Sex.FEMALE})
    assert count == 1 and len(counted) == 1


def _namesakes(organization, number, name="Nguyễn Văn", cards_from=0):
    """``number`` members named ``name`` and a number, added in one insert (a thousand one by one is slow)."""
    from members import services
    from members.models import Member

    return services.create_members(
        [
            Member(
                full_name=f"{name} {index:04d}",
                sex=Sex.MALE,
                date_of_birth=datetime.date(1980, 1, 1),
                card_number=f"7{cards_from + index:07d}",
                admission_date=datetime.date(2005, 5, 19),
                full_membership_date=datetime.date(2006, 5, 19),
                organization=organization,
            )
            for index in range(number)
        ]
    )


def _count_line(response):
    html = response.content.decode()
    start = html.index('id="list-count"')
    return html[html.index(">", start) + 1 : html.index("</p>", start)]


def test_a_broad_search_says_more_than_a_thousand_and_its_count_reads_no_further(staff_client, branch_a, member_a):
    _namesakes(branch_a, 1001)
    count, counted = _listed_count(staff_client, {"q": "nguyen van"})
    assert count == 1001 and len(counted) == 1 and "LIMIT 1001" in counted[0]
    response = staff_client.get(reverse("members:list"), {"q": "nguyen van"})
    assert response.context["page_obj"].paginator.over
    assert _count_line(response).startswith("Hơn 1.000 đảng viên")
    html = response.content.decode()
    assert "Trang 1 / hơn 40" in html and "?q=nguyen+van&amp;page=2" in html
    staff_client.cookies["django_language"] = "en"
    response = staff_client.get(reverse("members:list"), {"q": "nguyen van"})
    assert _count_line(response).startswith("More than 1,000 members match.")
    assert "Page 1 of more than 40" in response.content.decode()


def test_a_search_under_the_cap_shows_the_exact_number(staff_client, settings, branch_a, member_a):
    settings.LIST_COUNT_CAP = 10
    _namesakes(branch_a, 10)
    response = staff_client.get(reverse("members:list"), {"q": "nguyen van"})
    assert not response.context["page_obj"].paginator.over
    assert _count_line(response) == "10 đảng viên"


def test_the_pages_past_the_cap_open_and_the_header_agrees_with_the_page_links(staff_client, settings, branch_a):
    settings.LIST_COUNT_CAP, settings.PAGE_SIZE = 10, 5
    _namesakes(branch_a, 18)
    url = reverse("members:list")
    last_counted = staff_client.get(url, {"q": "nguyen van", "page": 2})
    assert "Hơn 10 đảng viên" in _count_line(last_counted) and "Trang 2 / hơn 2" in last_counted.content.decode()
    assert "page=3" in last_counted.content.decode()  # the next page, past the cap
    past = staff_client.get(url, {"q": "nguyen van", "page": 3})
    assert [member.full_name for member in past.context["page_obj"]] == [f"Nguyễn Văn {n:04d}" for n in range(10, 15)]
    assert "Hơn 15 đảng viên" in _count_line(past) and "Trang 3 / hơn 3" in past.content.decode()
    last = staff_client.get(url, {"q": "nguyen van", "page": 4})  # the end reached: counted exactly
    assert len(last.context["page_obj"]) == 3 and not last.context["page_obj"].has_next()
    assert _count_line(last) == "18 đảng viên" and "Trang 4 / 4" in last.content.decode()


def test_an_unfiltered_list_keeps_its_exact_count_past_the_cap(staff_client, settings, branch_a):
    settings.LIST_COUNT_CAP = 10
    _namesakes(branch_a, 12)
    count, counted = _listed_count(staff_client, {})
    assert count == 12 and counted == []  # from the member counts, not capped


_MIXED_NAMES = (
    "Lê Văn Nguyên", "Nguyễn Văn An", "Nguyễn Vân Anh", "Trần Nguyễn Văn", "Nguyễn Văn An", "Bùi Văn Nguyễn",
    "Nguyễn Thị Vân", "Phạm Nguyên Văn", "Nguyễn Văn Bình", "Trần Thị Hoa", "Nguyễn Văn An", "Đỗ Văn Nguyễn",
)  # fmt: skip


def _searched_pages(client, params, pages):
    found = []
    for number in range(1, pages + 1):
        response = client.get(reverse("members:list"), {**params, "page": number})
        found.append([member.pk for member in response.context["page_obj"]])
    return found


def _expected_pages(members, query, size, order=("search_text", "pk")):
    from core.lists import search

    keys = list(search(members, query).order_by(*order).values_list("pk", flat=True))
    return [keys[start : start + size] for start in range(0, len(keys), size)]


@pytest.mark.parametrize("sort", ["name", "-name"])
@pytest.mark.parametrize("user", ["city_staff", "secretary_a"])
def test_a_search_pages_like_the_plain_sorted_query_whoever_reads_it(
    request, login, settings, ward_a, ward_b, branch_a, branch_b, user, sort
):
    # City staff reach the whole tree: their pages are chosen among the first matches of the name index
    # (members.views._first_matches), read backwards for the descending order; a ward secretary's matches are
    # sorted. Same pages, same order either way: descending is the exact reverse (equal names by descending id).
    from members.models import Member

    settings.PAGE_SIZE = 4
    for number in range(3):
        for index, name in enumerate(_MIXED_NAMES):
            make_member((branch_a, branch_b, ward_a, ward_b)[(index + number) % 4], full_name=name)
    client = login(request.getfixturevalue(user))
    reached = Member.objects.filter(organization__path__startswith=ward_a.path) if user == "secretary_a" else None
    order = ("-search_text", "-pk") if sort == "-name" else ("search_text", "pk")
    for query in ("nguyen van", "van nguyen", "tran thi hoa", "le van"):
        members = reached if reached is not None else Member.objects.all()
        expected = _expected_pages(members, query, 4, order)
        assert expected and _searched_pages(client, {"q": query, "sort": sort}, len(expected)) == expected, query


def _page_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("members:list"), params)
    return response, [query["sql"] for query in captured]


def test_a_reader_of_the_whole_tree_takes_the_first_matches_of_the_name_index(
    staff_client, login, city_staff, secretary_a, branch_a
):
    _namesakes(branch_a, 60)
    response, queries = _page_queries(staff_client, {"q": "nguyen van", "page": 2})
    walked = [sql for sql in queries if 'ORDER BY U0."search_text" ASC' in sql]
    assert len(walked) == 1 and "LIMIT 50" in walked[0]  # read to the page's last row only
    assert [member.full_name for member in response.context["page_obj"]][:2] == ["Nguyễn Văn 0025", "Nguyễn Văn 0026"]
    _response, queries = _page_queries(login(secretary_a), {"q": "nguyen van", "page": 2})
    assert not [sql for sql in queries if 'ORDER BY U0."search_text" ASC' in sql]  # a ward: its matches sorted
    staff_client = login(city_staff)  # the test client is one: logged in again as the city's staff
    _response, queries = _page_queries(staff_client, {"q": "nguyen van", "status": "active"})
    assert not [sql for sql in queries if 'ORDER BY U0."search_text"' in sql]  # another filter: sorted
    _response, queries = _page_queries(staff_client, {"q": "nguyen van", "sort": "-name"})
    assert len([sql for sql in queries if 'ORDER BY U0."search_text" DESC' in sql]) == 1
    # A word too short for the trigram index: the top reader's page from the name index alone too.
    _namesakes(branch_a, 30, name="Lê Văn", cards_from=5000)
    response, queries = _page_queries(staff_client, {"q": "le van", "page": 2})
    assert len([sql for sql in queries if 'ORDER BY U0."search_text" ASC' in sql]) == 1
    assert [member.full_name for member in response.context["page_obj"]] == [
        f"Lê Văn {n:04d}" for n in (25, 26, 27, 28, 29)
    ]


def _listed_in_index_order(queries):
    """Whether the list's own page query reads the members in the name index's order (a walk, not a sort)."""
    pages = [sql for sql in queries if sql.startswith('SELECT "members_member"."id"') and "LIMIT" in sql]
    return bool(pages) and all('ORDER BY "members_member"."search_text"' in sql for sql in pages)


@pytest.mark.parametrize("sort", ["name", "-name"])
def test_a_narrower_reader_sorts_the_matches_of_a_word_too_short_for_the_trigram_index(
    login, secretary_a, branch_a, sort
):
    # "le van" at national scale: a province walking the name index read 238,000 members for its page (440 ms);
    # its own 600 matches, found through its organizations and sorted, took 11–24 ms.
    _namesakes(branch_a, 30, name="Lê Văn")
    response, queries = _page_queries(login(secretary_a), {"q": "le van", "sort": sort})
    assert len(response.context["page_obj"]) == 25
    assert not _listed_in_index_order(queries)


def test_the_top_reader_walks_for_a_common_short_word_and_sorts_a_rare_one(monkeypatch, staff_client, branch_a):
    # Without the name index's first matches (another filter here), a reader of the whole tree walks the
    # table in name order only for words matching a large share of the members (``WALK_SHARE``).
    from core import planner_stats

    _namesakes(branch_a, 30, name="Lê Văn")
    shares = {"le van": 2_000, "": 100_000}  # the planner's estimates at national scale: 2 % of the members
    monkeypatch.setattr(
        planner_stats, "estimated_rows", lambda queryset: shares["le van" if queryset.query.where else ""]
    )
    _response, queries = _page_queries(staff_client, {"q": "le van", "status": "active"})
    assert not _listed_in_index_order(queries)
    shares["le van"] = 60_000  # "an": most members
    _response, queries = _page_queries(staff_client, {"q": "le van", "status": "active"})
    assert _listed_in_index_order(queries)


def test_a_searched_page_of_the_whole_tree_makes_as_many_queries_whatever_its_rows(staff_client, branch_a):
    for _ in range(5):
        make_member(branch_a)
    few = len(_page_queries(staff_client, {"q": "nguyen van"})[1])
    _namesakes(branch_a, 80)
    response, queries = _page_queries(staff_client, {"q": "nguyen van", "page": 2})
    assert len(response.context["page_obj"]) == 25 and len(queries) == few


def test_first_rows_that_do_not_fill_the_page_leave_the_page_to_the_plain_query(rf, branch_a, branch_b):
    # ``first_in`` is read only to the page's last row: when the list's filters leave some of those rows out,
    # the page is read by the list's own query.
    from core.lists import paginate
    from members.models import Member

    for index in range(12):
        make_member(branch_a if index % 3 else branch_b, full_name=f"Nguyễn Văn {index:02d}")
    listed = Member.objects.filter(organization=branch_a).order_by("search_text", "pk")
    everyone = Member.objects.order_by("search_text", "pk")
    for number in (1, 2, 3):
        page = paginate(rf.get("/", {"page": number}), listed, per_page=3, first_in=everyone)
        assert [member.pk for member in page] == list(listed.values_list("pk", flat=True)[(number - 1) * 3 :][:3])
