"""The cycle dashboard on the hand-counted world of ``reports.tests.fixtures``."""

import re

import pytest
from django.urls import reverse

from core.workflow import SubmissionStatus
from directives.models import Directive, DirectiveStatus
from reports.figures import directives, remediation, reviews
from reports.tests.fixtures import EXCUSED, SUSPENDED
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


def _links(html, element_id):
    """(link, number) of every linked number inside the element ``element_id`` (a chart's table or a table)."""
    start = html.index(f'id="{element_id}"')
    end = html.index("</table>", start)
    block = html[html.rindex("<table", 0, end) : end].replace("&amp;", "&")
    return [(link, int(number)) for link, number in re.findall(r'<a href="([^"]+)">(\d+)</a>', block)]


def test_progress_counts_each_grassroots_organization_at_its_step(world, city_staff):
    figures = reviews.progress(world["cycle"], city_staff)
    assert figures["total"] == 7  # branch A1 is not a grassroots organization
    counts = {code: count for code, _label, count, _link in figures["steps"]}
    assert counts == {
        "not_started": 1,
        "draft": 1,
        "meeting_held": 1,
        "submitted": 1,
        "returned": 1,
        "accepted": 0,
        "rated": 2,
    }


def test_laggards_are_listed_furthest_behind_first(world, city_staff):
    rows = reviews.laggards(world["cycle"], city_staff)
    assert [row["organization"] for row in rows] == ["Đảng bộ phường F", "Đảng bộ phường E", "Đảng bộ phường G"]


def test_ratings_count_levels_per_cycle_and_the_share_in_the_two_top_levels(world, city_staff):
    figures = reviews.ratings([world["cycle"], world["previous"]], city_staff)
    assert [c.year for c in figures["cycles"]] == [2016, 2017]
    by_label = {row["label"]: [cell["count"] for cell in row["cells"]] for row in figures["organizations"]}
    assert by_label["Trong sạch vững mạnh"] == [1, 1]
    assert by_label["Hoàn thành tốt nhiệm vụ"] == [1, 1]
    assert by_label["Hoàn thành nhiệm vụ"] == [1, 0]
    assert by_label["Yếu kém"] == [1, 0]
    totals = [(row["good"], row["total"], row["share"]) for row in figures["organization_totals"]]
    assert totals == [(2, 4, 50), (2, 7, 29)]
    members = {row["label"]: row["cells"][1]["count"] for row in figures["members"]}
    assert members["Hoàn thành xuất sắc nhiệm vụ"] == 1
    assert members["Hoàn thành tốt nhiệm vụ"] == 1
    assert [(r["good"], r["rated"], r["total"]) for r in figures["member_totals"]] == [(0, 0, 0), (2, 2, 3)]


def test_members_not_reviewed_are_counted_by_reason(world, city_staff, secretary_a):
    assert [(r["reason"], r["count"]) for r in reviews.not_reviewed(world["cycle"], city_staff)] == [
        (EXCUSED, 2),
        (SUSPENDED, 1),
    ]
    assert [(r["reason"], r["count"]) for r in reviews.not_reviewed(world["cycle"], secretary_a)] == [(EXCUSED, 1)]


def test_directive_targets_show_their_report_and_conclusion(world, city_staff):
    figures = directives.directed(world["cycle"], city_staff)
    counts = figures["counts"]
    assert (counts["total"], counts["report_none"], counts["report_submitted"], counts["concluded"]) == (2, 1, 1, 1)
    rows = {row["organization"]: row for row in figures["rows"]}
    assert rows["Đảng bộ phường Trần Hưng Đạo"]["report"] == "Đã nộp"
    assert rows["Đảng bộ phường Quang Trung"]["redo_required"] is True


def test_a_cycle_without_issued_directives_counts_zero_from_one_query(world, city_staff, django_assert_num_queries):
    # The world's directive, back to a proposal: the cycle has targets, none of an issued directive.
    Directive.objects.filter(cycle=world["cycle"]).update(status=DirectiveStatus.PROPOSED)
    with django_assert_num_queries(1):
        figures = directives.directed(world["cycle"], city_staff)
    assert figures["rows"] == []
    assert set(figures["counts"].values()) == {0}
    assert set(figures["counts"]) == {"total", "redo", "report_none", "concluded"} | {
        f"report_{status}" for status in SubmissionStatus.values
    }
    # Issued again, the counts are those of the test above.
    Directive.objects.filter(cycle=world["cycle"]).update(status=DirectiveStatus.ISSUED)
    assert directives.directed(world["cycle"], city_staff)["counts"]["total"] == 2


def test_remediation_counts_states_per_organization_worst_first(world, city_staff):
    figures = remediation.remediation(city_staff)
    totals = figures["totals"]
    assert totals["total"] == 5
    assert (totals["open"], totals["in_progress"], totals["overdue"]) == (1, 1, 2)
    assert (totals["reported_completed"], totals["verified"], totals["reopened"], totals["extended"]) == (1, 1, 1, 1)
    names = [row["organization"] for row in figures["rows"]]
    assert names == ["Đảng bộ phường Quang Trung", "Đảng bộ phường Trần Hưng Đạo"]  # B has a reopened one


@pytest.mark.parametrize(
    "element",
    ["cycle-progress", "organization-ratings", "member-ratings", "not-reviewed", "remediation", "good-shares"],
)
def test_following_a_cycle_number_lands_on_a_list_of_that_many_rows(element, world, login, city_staff, settings):
    settings.PAGE_SIZE = 2  # the whole filtered list's count, not one page's
    client = login(city_staff)
    html = client.get(reverse("reports:dashboard"), {"cycle": world["cycle"].pk}).content.decode()
    links = _links(html, element)
    assert any(number > 0 for _link, number in links), links
    for link, number in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.context["page_obj"].paginator.count == number, f"{link} lists another number of rows"


def test_following_a_directive_number_lands_on_an_overview_of_that_many_targets(world, login, city_staff):
    client = login(city_staff)
    html = client.get(reverse("reports:dashboard"), {"cycle": world["cycle"].pk}).content.decode()
    links = _links(html, "directives")
    assert len(links) == 7, links  # no report, the five report statuses, concluded
    # One target has no report, one a submitted report, one is concluded (in the hand-counted world).
    assert {link.split("state=")[1]: n for link, n in links if n} == {"none": 1, "submitted": 1, "concluded": 1}
    for link, number in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.context["target_count"] == number, f"{link} lists another number of targets"
        assert response.content.decode().count("data-target=") == number, link


def test_a_secretary_follows_a_directive_number_to_the_own_wards_targets_only(world, login, secretary_a):
    client = login(secretary_a)
    html = client.get(reverse("reports:dashboard"), {"cycle": world["cycle"].pk}).content.decode()
    for link, number in _links(html, "directives"):
        page = client.get(link).content.decode()
        assert page.count("data-target=") == number, link
        assert "Đảng bộ phường Quang Trung" not in page, f"ward B's target leaked into {link}"


def test_every_remediation_number_by_organization_lands_on_that_many_commitments(world, login, city_staff):
    client = login(city_staff)
    html = client.get(reverse("reports:dashboard")).content.decode()
    links = _links(html, "remediation-by-organization")
    assert len(links) >= 8
    for link, number in links:
        assert client.get(link).context["page_obj"].paginator.count == number, link


def test_the_dashboard_shows_the_good_share_of_the_selected_cycle(world, login, city_staff):
    html = login(city_staff).get(reverse("reports:dashboard"), {"cycle": world["previous"].pk}).content.decode()
    assert 'id="good-share">50%<' in html
    html = login(city_staff).get(reverse("reports:dashboard")).content.decode()
    assert 'id="good-share">29%<' in html  # the open cycle is the default


def test_a_secretary_sees_only_the_own_wards_figures(world, login, secretary_a):
    html = login(secretary_a).get(reverse("reports:dashboard")).content.decode()
    assert "Đảng bộ phường F" not in html  # other wards' laggards stay out of view
    assert "Đảng bộ phường Quang Trung" not in html
    assert 'id="good-share">100%<' in html  # ward A alone, rated "tsvm"


def _grow(city, cycle, organizations):
    from reviews.models import CollectiveReview, IndividualReview

    for n in range(organizations):
        ward = make_organization(parent=city)
        CollectiveReview.objects.create(cycle=cycle, organization=ward, decided_level="httnv" if n % 2 else "")
        member = make_member(make_organization(parent=ward, kind="branch"))
        IndividualReview.objects.create(cycle=cycle, member=member, organization=member.organization, form="2C")


@pytest.mark.parametrize("extra", [0, 45])
def test_the_cycle_dashboard_costs_the_same_queries_for_5_and_50_organizations(
    extra, world, city, login, city_staff, django_assert_num_queries
):
    _grow(city, world["cycle"], extra)
    client = login(city_staff)
    # session, user, roles, unread notifications, 2 organization/member counts, cycles, progress, laggards,
    # 2 ratings (the roll-ups: no query any more for whether anything moved since the cycles), 3 directive
    # queries (whether the cycle has issued any, the counts, the rows), not reviewed, 2 remediation (grouped
    # commitments, grassroots organizations), the cycle year's study plans and sessions by month; +2 since
    # issue 16's names then: the laggards' and the directive targets' former names
    # (organizations.lineage.attach_names_then, one query per list, not per row)
    with django_assert_num_queries(22):
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert f'id="member-total" href="/members/">{6 + extra}<' in response.content.decode()


def test_remediation_builds_links_for_the_rows_it_shows_only(world, city_staff, monkeypatch):
    built = []
    real_linker = remediation.linker

    def counting_linker(*args):
        link = real_linker(*args)
        return lambda **params: built.append(params) or link(**params)

    monkeypatch.setattr(remediation, "linker", counting_linker)
    everything = remediation.remediation(city_staff)
    all_links = len(built)
    built.clear()
    first = remediation.remediation(city_staff, limit=1)
    assert len(first["rows"]) == 1 and first["rows"][0] == everything["rows"][0]
    assert first["organizations"] == everything["organizations"] == 2
    per_row = len(everything["rows"][0]["cells"]) + 1
    assert len(built) == all_links - per_row  # the second organization's links were never built
