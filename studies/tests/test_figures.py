"""Every number of the plan page and of the dashboard's study section links to a list of exactly that many rows."""

import datetime
import re

import pytest
from django.urls import reverse

from reviews.models import CycleKind, ReviewCycle, RuleSet
from studies import services
from studies.tests.conftest import START, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def studied(plan, session_a, session_b, people, city, document, city_staff, settings):
    """Attendance taken in A and B, two essays handed in, a December plan; the 2018 cycle for the dashboard."""
    settings.PAGE_SIZE = 2  # a count is the whole filtered list's, not one page's
    ward_a = [people[name] for name in ("secretary", "leader", "deputy", "ordinary", "teacher")]
    present, excused, absent = ("present", ""), ("excused", "Ốm"), ("absent", "")
    statuses = [present, present, excused, absent, present]
    services.record_attendance(session_a, {member.pk: status for member, status in zip(ward_a, statuses, strict=True)})
    services.record_attendance(
        session_b, {people["secretary_b"].pk: ("present", ""), people["ordinary_b"].pk: ("absent", "")}
    )
    for name in ("leader", "secretary_b"):
        services.receive_essay(plan.essays.get(member=people[name]), city_staff, submitted_on=START, text="Bài")
    december = datetime.date(2018, 12, 3)
    make_plan(city, document, title="Tháng 12", starts_on=december, ends_on=december, essay_deadline=december)
    ReviewCycle.objects.create(
        year=2018, kind=CycleKind.ANNUAL, rule_set=RuleSet.objects.get(code="QD132"), organization=city,
        opened_on=datetime.date(2018, 11, 1), reference_date=datetime.date(2018, 12, 1),
    )  # fmt: skip
    return plan


def _cells(row):
    return [
        (key, cell["count"], cell["link"]) for key, cell in row.items() if isinstance(cell, dict) and "link" in cell
    ]


def _lands_on(client, link, number):
    response = client.get(link)
    assert response.status_code == 200, link
    assert response.context["page_obj"].paginator.count == number, f"{link} lists a different number of rows"


@pytest.mark.parametrize("actor", ["city_staff", "secretary_a"])
def test_the_plan_page_numbers_land_on_lists_of_that_many_rows(actor, request, studied, login):
    client = login(request.getfixturevalue(actor))
    context = client.get(reverse("studies:plan", args=[studied.pk])).context
    cells = _cells(context["total"]) + [cell for row in context["rows"] for cell in _cells(row)]
    assert any(number for _key, number, _link in cells)
    for _key, number, link in cells:
        _lands_on(client, link, number)


def test_the_plan_page_counts_are_those_counted_by_hand(studied, login, city_staff, ward_a, ward_b):
    context = login(city_staff).get(reverse("studies:plan", args=[studied.pk])).context
    total = context["total"]
    assert (total["sessions"]["count"], total["recorded"]["count"], total["present"]["count"]) == (2, 7, 4)
    assert (total["excused"]["count"], total["absent"]["count"], total["attendance_rate"]) == (1, 2, 57)
    assert (total["asked"]["count"], total["owed"]["count"], total["received"]["count"]) == (4, 2, 2)
    rows = {row["organization"]: row for row in context["rows"]}
    assert (rows[ward_a]["recorded"]["count"], rows[ward_b]["recorded"]["count"]) == (5, 2)


def test_a_secretary_sees_the_figures_of_the_own_ward_only(studied, login, secretary_a, ward_a):
    context = login(secretary_a).get(reverse("studies:plan", args=[studied.pk])).context
    assert [row["organization"] for row in context["rows"]] == [ward_a]
    assert (context["total"]["sessions"]["count"], context["total"]["recorded"]["count"]) == (1, 5)


def test_overdue_essays_put_an_organization_among_the_laggards(studied, login, city_staff, ward_a):
    context = login(city_staff).get(reverse("studies:plan", args=[studied.pk])).context
    assert [row["organization"] for row in context["laggards"]] == [ward_a]  # two essays overdue in A, none in B


def _linked_numbers(html, element_id):
    """(link, number) of every linked number in the table of ``element_id``."""
    part = html[html.index(f'id="{element_id}"') :]
    part = part[: part.index("</table>")].replace("&amp;", "&")
    return [(link, int(number)) for link, number in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(\d+)</a>', part)]


def test_the_plan_page_table_prints_every_number_with_its_link(studied, login, city_staff):
    response = login(city_staff).get(reverse("studies:plan", args=[studied.pk]))
    printed = _linked_numbers(response.content.decode(), "plan-organizations")
    context = response.context
    expected = [(link, number) for row in [*context["rows"], context["total"]] for _key, number, link in _cells(row)]
    # Each row's ten linked numbers, the overdue essays only where there are some.
    expected = [(link, number) for link, number in expected if number or "overdue=on" not in link]
    assert sorted(printed) == sorted(expected)
    assert any("overdue=on" in link for link, _number in printed)


@pytest.mark.parametrize("actor", ["city_staff", "secretary_a"])
def test_the_dashboard_study_numbers_land_on_lists_of_that_many_rows(actor, request, studied, login):
    client = login(request.getfixturevalue(actor))
    html = client.get(reverse("reports:dashboard")).content.decode()
    months = _linked_numbers(html, "study-months")
    plans = _linked_numbers(html, "study-plans")
    assert len(months) == 12 * 2 and len(plans) >= 2 * 8
    starting = [number for link, number in months if link.startswith(reverse("studies:plans") + "?")]
    assert starting == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # March and December
    late = re.search(r'id="study-late">\s*<a href="([^"]+)" class="alert-link">(\d+)</a>', html)
    assert late and late.group(2) == "1"
    for link, number in [*months, *plans, (late.group(1).replace("&amp;", "&"), 1)]:
        _lands_on(client, link, number)
