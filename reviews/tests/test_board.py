"""The cycle board and the organization's member list cost the same number of queries with 5 or 50 rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workflow import SubmissionStatus
from reports.exports import cycle_board_for
from reviews.models import CollectiveReview, IndividualReview, MeetingRecord
from reviews.tests.conftest import open_cycle
from tests.factories import make_member, make_organization


def _city_with(city, count):
    for number in range(count):
        ward = make_organization(f"Đảng bộ {number}", parent=city)
        make_member(ward)
    cycle = open_cycle(organization=city)
    reviews = list(cycle.collective_reviews.all())
    for review in reviews[::2]:
        MeetingRecord.objects.create(review=review, held_on=datetime.date(2025, 12, 5))
    CollectiveReview.objects.filter(pk__in=[r.pk for r in reviews[::3]]).update(
        status=SubmissionStatus.RETURNED, decided_level="htnv"
    )
    return cycle


def _queries(client, url):
    client.get(url)  # warm the per-process caches (content types) so both counts compare like with like
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("params", ["", "?step=returned", "?step=not_started&q=dang", "?sort=-level&scope=all"])
def test_the_cycle_board_query_count_does_not_grow_with_organizations(login, city, city_staff, settings, params):
    settings.PAGE_SIZE = 100
    client = login(city_staff)
    few = _city_with(city, 5)
    few_count, few_page = _queries(client, reverse("reviews:cycle_board", args=[few.pk]) + params)
    few.delete()
    many = _city_with(city, 50)
    many_count, many_page = _queries(client, reverse("reviews:cycle_board", args=[many.pk]) + params)
    assert few_count == many_count
    assert len(many_page.context["page_obj"]) > len(few_page.context["page_obj"]) or params


def test_the_board_counts_each_step(login, city, city_staff):
    cycle = _city_with(city, 6)
    counts = login(city_staff).get(reverse("reviews:cycle_board", args=[cycle.pk])).context["counts"]
    # Exclusive steps: the two returned reviews are rated, so they count as rated only.
    assert counts == {
        "total": 6,
        "not_started": 2,
        "draft": 0,
        "meeting_held": 2,
        "submitted": 0,
        "returned": 0,
        "accepted": 0,
        "rated": 2,
    }


def test_the_step_not_started_lists_only_drafts(login, city, city_staff):
    cycle = _city_with(city, 6)
    page = login(city_staff).get(reverse("reviews:cycle_board", args=[cycle.pk]) + "?step=not_started")
    assert {r.status for r in page.context["page_obj"]} == {SubmissionStatus.DRAFT}


def test_the_organization_member_list_query_count_does_not_grow(login, city, secretary_a, ward_a, branch_a, settings):
    settings.PAGE_SIZE = 100
    client = login(secretary_a)
    for _ in range(5):
        make_member(branch_a)
    few = open_cycle(organization=city)
    few_count, _ = _queries(
        client, reverse("reviews:collective_detail", args=[few.collective_reviews.get(organization=ward_a).pk])
    )
    few.delete()
    for _ in range(45):
        make_member(branch_a)
    many = open_cycle(organization=city)
    many_count, page = _queries(
        client, reverse("reviews:collective_detail", args=[many.collective_reviews.get(organization=ward_a).pk])
    )
    assert len(page.context["page_obj"]) == 50
    assert few_count == many_count


def _direct_counts(cycle, organization):
    """(member reviews, accepted ones) of ``cycle`` in ``organization``'s sub-tree, counted the plain way."""
    reviews = IndividualReview.objects.filter(cycle=cycle, organization__path__startswith=organization.path)
    return reviews.count(), reviews.filter(status=SubmissionStatus.ACCEPTED).count()


def test_the_board_counts_the_members_of_each_sub_tree(login, city, city_staff, ward_a, ward_b, branch_a, settings):
    settings.PAGE_SIZE = 5  # several pages: each page's counts come from its own grouped query
    for organization, members in ((ward_a, 1), (branch_a, 3), (ward_b, 2)):
        for _ in range(members):
            make_member(organization)
    for number in range(8):
        make_member(make_organization(f"Đảng bộ {number}", parent=city))
    cycle = open_cycle(organization=city)
    IndividualReview.objects.filter(cycle=cycle, organization=branch_a).update(status=SubmissionStatus.ACCEPTED)
    client = login(city_staff)
    seen = {}
    for page in (1, 2, 3):
        response = client.get(reverse("reviews:cycle_board", args=[cycle.pk]) + f"?scope=all&page={page}")
        seen |= {r.organization: (r.member_count, r.members_accepted) for r in response.context["page_obj"]}
    assert len(seen) == cycle.collective_reviews.count()
    assert seen == {organization: _direct_counts(cycle, organization) for organization in seen}
    assert seen[ward_a] == (4, 3) and seen[branch_a] == (3, 3) and seen[ward_b] == (2, 0)
    exported = {r.organization: (r.member_count, r.members_accepted) for r in cycle_board_for(city_staff, {
        "cycle": str(cycle.pk), "scope": "all"})}  # fmt: skip
    assert exported == seen


def test_the_boards_pages_list_each_row_once_and_count_the_rows_listed(login, city, city_staff, settings):
    settings.PAGE_SIZE = 3
    cycle = _city_with(city, 7)
    client = login(city_staff)
    url = reverse("reviews:cycle_board", args=[cycle.pk])
    first = client.get(url).context
    listed = []
    for number in range(1, first["page_obj"].paginator.num_pages + 1):
        listed += [review.pk for review in client.get(url, {"page": number}).context["page_obj"]]
    assert sorted(listed) == sorted(set(listed))
    assert len(listed) == first["page_obj"].paginator.count == first["counts"]["total"]
    not_started = client.get(url, {"step": "not_started"}).context
    assert not_started["page_obj"].paginator.count == not_started["counts"]["not_started"] < len(listed)


def test_a_step_is_counted_by_its_tile_and_a_search_only_up_to_the_cap(login, city, city_staff, settings):
    settings.PAGE_SIZE, settings.LIST_COUNT_CAP = 2, 3
    cycle = _city_with(city, 7)
    client = login(city_staff)
    url = reverse("reviews:cycle_board", args=[cycle.pk])
    with CaptureQueriesContext(connection) as captured:
        stepped = client.get(url, {"step": "not_started"}).context
    paginator = stepped["page_obj"].paginator
    assert paginator.count == stepped["counts"]["not_started"] and not paginator.over
    assert not [q for q in captured if "COUNT(" in q["sql"] and "LIMIT" in q["sql"]]  # the tiles' count serves
    searched = client.get(url, {"q": "dang bo"})
    page = searched.context["page_obj"]
    assert page.paginator.over and page.paginator.counted == 3 and page.has_next()
    html = searched.content.decode()
    assert "Hơn 3 tổ chức đảng phù hợp" in html and "Trang 1 / hơn 1" in html
    listed = []
    for number in range(1, 10):
        response = client.get(url, {"q": "dang bo", "page": number}).context["page_obj"]
        listed += [review.pk for review in response]
        if not response.has_next():
            break
    assert len(listed) == len(set(listed)) == response.paginator.count  # every row reached, the last page exact
    assert not response.paginator.over


def test_every_review_of_a_lagging_step_is_within_the_lagging_envelope(city):
    """``board.LAGGING`` (read through the (cycle, status) index) leaves out no review of a lagging step."""
    import itertools

    from django.db.models import Q

    from reviews import board

    cycle = open_cycle(organization=city)
    statuses = ["draft", "submitted", "resubmitted", "returned", "accepted"]
    for status, met, written, rated in itertools.product(statuses, [False, True], [False, True], [False, True]):
        review = CollectiveReview.objects.create(
            cycle=cycle,
            organization=make_organization(parent=city),
            status=status,
            strengths="Đã viết" if written else "",
            decided_level="httnv" if rated else "",
        )
        if met:
            MeetingRecord.objects.create(review=review, held_on=datetime.date(2025, 12, 5))
    reviews = CollectiveReview.objects.filter(cycle=cycle)
    lagging = Q(pk__in=[])
    for code in board.LAGGING_STEPS:
        lagging |= board.STEP_CONDITIONS[code]
    in_steps = set(reviews.filter(lagging).values_list("pk", flat=True))
    assert in_steps  # the combinations reach every lagging step
    assert set(reviews.filter(board.LAGGING).values_list("pk", flat=True)) >= in_steps


@pytest.mark.parametrize("scope", ["", "?scope=all"])
def test_the_boards_tiles_are_the_direct_counts_of_the_rows_each_reader_reaches(
    login, city, ward_a, city_staff, secretary_a, scope
):
    """Grassroots tiles come from the roll-up (``board.grassroots_step_counts``), those with branches from the rows."""
    from reviews import board

    cycle = _city_with(city, 6)
    seen = []
    for user in (city_staff, secretary_a):
        page = login(user).get(reverse("reviews:cycle_board", args=[cycle.pk]) + scope)
        direct = board.step_counts(page.context["filters"].in_scope(board.board_rows(cycle, user)))
        assert page.context["counts"] == direct
        seen.append(direct["total"])
    assert seen[0] > seen[1] > 0  # the secretary's tiles count the ward alone
