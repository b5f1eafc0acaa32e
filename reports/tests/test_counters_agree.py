"""Every figure of the dashboard and the cycle board agrees with the list its link lands on (issue 11 point 3).

On the demo data (Nam Định City, its 2017 and 2018 cycles), as city staff: the headline counts
grassroots organizations first and the branches apart, the board's step tiles and the dashboard's
progress chart give the same exclusive steps that add up to the total, and each number is the
count of the rows its link shows.
"""

import io

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from members import demo as members_demo
from organizations import demo as organizations_demo
from organizations.models import GRASSROOTS_KINDS, Organization
from reviews import board
from reviews import demo as reviews_demo
from reviews.models import ReviewCycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PAGE_SIZE = 20  # a link's count is the whole list's, not one page's
    out = io.StringIO()
    organizations_demo.seed(out)
    members_demo.seed(out)
    reviews_demo.seed(out)
    return RoleAssignment.objects.filter(role=Role.CITY_STAFF).select_related("user").first().user


def _rows(client, link):
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page_obj"].paginator.count


def _headline_counts_grassroots_first_and_branches_apart(client):
    context = client.get(reverse("reports:dashboard")).context
    assert context["grassroots_total"] == 92  # the article's and the board's figure
    assert context["grassroots_total"] == Organization.objects.filter(kind__in=GRASSROOTS_KINDS).count()
    assert _rows(client, context["grassroots_link"]) == context["grassroots_total"]
    assert context["branch_total"] > 0
    assert _rows(client, context["branches_link"]) == context["branch_total"]
    assert _rows(client, context["organizations_link"]) == context["organization_total"]


def _steps_agree_and_land_on_their_rows(client, year):
    cycle = ReviewCycle.objects.get(year=year)
    dashboard = client.get(reverse("reports:dashboard"), {"cycle": cycle.pk}).context
    page = client.get(reverse("reviews:cycle_board", args=[cycle.pk])).context

    progress = {code: (count, link) for code, _label, count, link in dashboard["progress"]["steps"]}
    tiles = {code: (count, link) for code, _label, count, link in page["tiles"]}
    assert [code for code, *_rest in page["tiles"]] == [code for code, _l, _c in board.STEPS]
    # The same figure on both pages: "Đã họp" is one number.
    assert {code: count for code, (count, _link) in progress.items()} == {
        code: count for code, (count, _link) in tiles.items()
    }
    assert page["counts"]["total"] == dashboard["progress"]["total"] == 92
    # Exclusive steps: each organization in one step, so the steps add up to the total.
    assert sum(count for count, _link in tiles.values()) == page["counts"]["total"]
    assert _rows(client, page["total_link"]) == page["counts"]["total"]
    for code, (count, link) in tiles.items():
        assert _rows(client, link) == count, f"the tile {code} says {count}"
    for code, (count, link) in progress.items():
        assert _rows(client, link) == count, f"the dashboard's step {code} says {count}"


def _rating_figures_land_on_their_rows(client, year):
    cycle = ReviewCycle.objects.get(year=year)
    context = client.get(reverse("reports:dashboard"), {"cycle": cycle.pk}).context
    good = context["good"]
    assert _rows(client, good["link"]) == good["good"]
    for row in context["ratings"]["organizations"]:
        for cell in row["cells"]:
            if cell["link"]:
                assert _rows(client, cell["link"]) == cell["count"], row["label"]


def _good_levels_named_by_the_rule_set(client):
    cycle = ReviewCycle.objects.get(year=2017)
    html = client.get(reverse("reports:dashboard"), {"cycle": cycle.pk}).content.decode()
    assert "hai mức cao nhất" not in html.lower()
    assert "two top levels" not in html.lower()
    # HD 27: "trong sạch vững mạnh" (with its "tiêu biểu") and "hoàn thành tốt nhiệm vụ", the article's 85%.
    label = board.good_label(cycle.rules)
    assert "Hoàn thành tốt nhiệm vụ" in label
    assert label in html
    board_html = client.get(reverse("reviews:cycle_board", args=[cycle.pk])).content.decode()
    assert label in board_html


def _one_step_filter_and_members_reviews_accepted(client):
    cycle = ReviewCycle.objects.get(year=2018)
    context = client.get(reverse("reviews:cycle_board", args=[cycle.pk]), {"step": "rated"}).context
    assert "filter" not in context["filters"].fields
    rows = list(context["page_obj"])
    assert rows
    assert all(row.members_accepted == row.member_count for row in rows if row.member_count)
    assert any(row.members_accepted for row in rows)


def test_every_figure_of_the_dashboard_and_the_board_agrees_with_its_rows(demo, login):
    client = login(demo)
    _headline_counts_grassroots_first_and_branches_apart(client)
    for year in (2017, 2018):
        _steps_agree_and_land_on_their_rows(client, year)
        _rating_figures_land_on_their_rows(client, year)
    _good_levels_named_by_the_rule_set(client)
    _one_step_filter_and_members_reviews_accepted(client)
