"""A past cycle's pages and exports name organizations as they were on its date (issue 16).

The hand-counted 2017 world of ``reports.tests.fixtures``, then the 2025 restructuring through
``organizations.services``: ward A merged into a new ward, ward B and its branch renamed, ward F
(the one not started) renamed. The 2017 pages show the names of 2017 with "(nay là …)" beside a
changed one; the 2025 cycle shows today's names alone; each page asks the former names once.
"""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organizations import lineage, services
from organizations.models import Organization, OrganizationKind, Sector
from tests.factories import make_organization, open_annual_cycle

ON = datetime.date(2025, 7, 1)
BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
OLD_B, NEW_B = "Đảng bộ phường Quang Trung", "Đảng bộ phường Hồng Quang"
OLD_BRANCH, NEW_BRANCH = "Chi bộ khu phố 2", "Chi bộ tổ dân phố 2"
OLD_F, NEW_F = "Đảng bộ phường F", "Đảng bộ phường Thiên Trường"
NAM_DINH = "Đảng bộ phường Nam Định"
OLD_A = "Đảng bộ phường Trần Hưng Đạo"
# The query of organizations.lineage that reads the former names (the only one selecting "until" then "name").
NAMES_QUERY = re.compile(
    r'SELECT "organizations_priorstate"\."organization_id"( AS "\w+")?, "organizations_priorstate"\."until"'
)
# Its query of what an ended organization was merged into (one per generation of mergers).
MERGERS_QUERY = re.compile(
    r'SELECT "organizations_lineagelink"\."predecessor_id"( AS "\w+")?, "organizations_lineagelink"\."date"'
)


@pytest.fixture
def restructured(world, city, ward_a, ward_b, branch_b):
    """The 2017 world, then on 1/7/2025 ward A merged into Nam Định and wards B, F and branch B renamed."""
    new_ward = Organization(
        name=NAM_DINH, code="PN-ND", kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, parent=city
    )
    nam_dinh = services.merge([ward_a], new_ward, ON, BASIS).subject
    services.rename(ward_b, NEW_B, ON, BASIS)
    services.rename(branch_b, NEW_BRANCH, ON, BASIS)
    services.rename(world["wards"]["F"], NEW_F, ON, BASIS)
    return {**world, "nam_dinh": nam_dinh}


@pytest.fixture
def ward_c_d(city):
    """Two more wards of the city, for a chain of mergers."""
    return [
        make_organization(f"Đảng bộ phường {name}", parent=city, code=f"P-{name}") for name in ("Vị Hoàng", "Vị Xuyên")
    ]


def _name_queries(client, url, params=None):
    """The page's HTML and how many times it read the former names and what ended organizations became."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    count = lambda pattern: sum(bool(pattern.match(q)) for q in sql)  # noqa: E731
    return response.content.decode(), count(NAMES_QUERY), count(MERGERS_QUERY)


def _now(name):
    return f"(nay là {name})"


def _cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets
    return [[cell for row in ws.iter_rows(values_only=True) for cell in row] for ws in sheet]


def test_names_on_gives_only_the_names_that_differed_on_the_day(restructured, ward_a, ward_b, branch_b):
    ids = [ward_a.pk, ward_b.pk, branch_b.pk, restructured["nam_dinh"].pk]
    # Ward A moved nothing but its sub-tree and kept its name; the new ward did not exist: neither is listed.
    assert lineage.names_on(datetime.date(2017, 12, 1), ids) == {ward_b.pk: OLD_B, branch_b.pk: OLD_BRANCH}
    assert lineage.names_on(datetime.date(2025, 12, 1), ids) == {}
    rows = [{"organization": Organization.objects.get(pk=ward_b.pk)}]
    named = lineage.attach_names_then(rows, datetime.date(2017, 12, 1))[0]["organization_then"]
    assert (named.name_then, named.name_now, named.changed) == (OLD_B, NEW_B, True)
    assert named.text == f"{OLD_B} {_now(NEW_B)}"
    # Merged since: today it is the ward it became, though its own name never changed.
    ward_a = Organization.objects.get(pk=ward_a.pk)  # ended by the merger
    merged = lineage.attach_names_then([{"organization": ward_a}], datetime.date(2017, 12, 1))[0]["organization_then"]
    assert (merged.name_then, merged.name_now) == (OLD_A, NAM_DINH)
    # After the merger's date it is not "now" another: a 2025 page names it alone.
    later = lineage.attach_names_then([{"organization": ward_a}], datetime.date(2025, 12, 1))[0]["organization_then"]
    assert not later.changed


def test_the_2017_board_names_the_wards_of_2017_with_todays_names_beside_in_one_query(restructured, login, city_staff):
    html, asked, mergers = _name_queries(
        login(city_staff), reverse("reviews:cycle_board", args=[restructured["cycle"].pk])
    )
    assert f"{OLD_B}</a>" in html and _now(NEW_B) in html
    assert f"{OLD_F}</a>" in html and _now(NEW_F) in html
    assert f"{OLD_A}</a>" in html and _now(NAM_DINH) in html  # merged
    assert "Đảng bộ phường C</a>" in html and _now("Đảng bộ phường C") not in html
    assert (asked, mergers) == (1, 1)  # seven rows, three named otherwise today: one query, one for the merger


def test_the_2017_individual_reviews_and_members_not_reviewed_name_the_branch_of_2017(restructured, login, city_staff):
    client = login(city_staff)
    cycle = restructured["cycle"]
    html, asked, mergers = _name_queries(client, reverse("reports:individual_reviews"), {"cycle": cycle.pk})
    assert f"{OLD_BRANCH} <small" in html and _now(NEW_BRANCH) in html
    assert (asked, mergers) == (1, 0)
    html, asked, mergers = _name_queries(client, reverse("reviews:not_reviewed", args=[cycle.pk]))
    assert html.count(_now(NEW_BRANCH)) == 2 and (asked, mergers) == (1, 0)


def test_the_commitments_list_says_who_made_each_commitment_as_named_then(restructured, login, city_staff):
    html, asked, mergers = _name_queries(login(city_staff), reverse("commitments:list"))
    table = html[html.index('id="commitment-table"') :]
    made_by = re.findall(r'<td class="d-none d-md-table-cell made-by">(.*?)</td>', table, re.S)
    # Ward A's open commitment went to Nam Định with the merger (its verified one stays with A, under the
    # name it made it under: nothing to add); ward B's three stay with B, renamed since.
    assert sum(OLD_A in cell and _now(NAM_DINH) in cell for cell in made_by) == 1
    assert sum(OLD_B in cell and _now(NEW_B) in cell for cell in made_by) == 3
    assert (asked, mergers) == (1, 1)  # ward A ended: what it became, once


def test_the_2017_directive_and_the_cycles_directives_name_their_targets_as_then(restructured, login, city_staff):
    client = login(city_staff)
    html, asked, mergers = _name_queries(client, reverse("directives:detail", args=[restructured["directive"].pk]))
    assert f"{OLD_B} <small" in html and _now(NEW_B) in html
    assert f"{OLD_A} <small" in html  # ward A, merged since: the directive named it
    assert (asked, mergers) == (1, 1)
    html, asked, mergers = _name_queries(client, reverse("directives:overview", args=[restructured["cycle"].pk]))
    assert _now(NEW_B) in html and f"{OLD_A} <small" in html and (asked, mergers) == (1, 1)


def test_the_2017_dashboard_names_its_laggards_and_targets_as_then(restructured, login, city_staff):
    html, asked, mergers = _name_queries(
        login(city_staff), reverse("reports:dashboard"), {"cycle": restructured["cycle"].pk}
    )
    laggards = html[html.index('id="laggards"') :] if 'id="laggards"' in html else html
    assert f"{OLD_F}</a>" in laggards and _now(NEW_F) in laggards
    targets = html[html.index('id="directive-targets"') :]
    assert f"{OLD_B} <small" in targets
    # Ward A's target went to Nam Định with the merger: the 2017 dashboard names ward A, as the directive did.
    assert f"{OLD_A} <small" in targets and _now(NAM_DINH) in targets
    assert (asked, mergers) == (2, 1)  # the laggards and the directive targets: one query each


def test_the_2017_cycle_report_and_its_excel_file_name_the_organizations_as_then(restructured, login, city_staff, city):
    client = login(city_staff)
    url = reverse("reports:cycle_report", args=[restructured["cycle"].pk, city.pk])
    html, asked, mergers = _name_queries(client, url)
    assert _now(NEW_B) in html and _now(NEW_BRANCH) in html
    # The directive targets, then every other named row of the report (each list with ward A: one merger query).
    assert (asked, mergers) == (2, 2)
    xlsx = client.get(reverse("reports:cycle_report_output", args=[restructured["cycle"].pk, city.pk, "xlsx"]))
    cells = [cell for sheet in _cells(xlsx) for cell in sheet]
    assert f"{OLD_B} {_now(NEW_B)}" in cells and f"{OLD_BRANCH} {_now(NEW_BRANCH)}" in cells


def test_the_excel_exports_of_the_2017_lists_name_the_organizations_as_then(restructured, login, city_staff, city):
    client = login(city_staff)
    cycle = restructured["cycle"]
    board = _cells(client.get(reverse("reports:export", args=["cycle_board"]), {"cycle": cycle.pk}))[0]
    assert f"{OLD_F} {_now(NEW_F)}" in board and "Đảng bộ phường C" in board
    members = _cells(client.get(reverse("reports:export", args=["individual_reviews"]), {"cycle": cycle.pk}))[0]
    assert f"{OLD_BRANCH} {_now(NEW_BRANCH)}" in members
    commitments = _cells(client.get(reverse("reports:export", args=["commitments"])))[0]
    assert f"{OLD_B} {_now(NEW_B)}" in commitments and f"{OLD_A} {_now(NAM_DINH)}" in commitments
    services.rename(city, "Đảng bộ Tỉnh Nam Định", ON, BASIS)
    directives = _cells(client.get(reverse("reports:export", args=["directives"])))[0]
    assert f"{city.name} {_now('Đảng bộ Tỉnh Nam Định')}" in directives  # the issuer of the 2017 directive


def test_the_current_cycle_shows_todays_names_alone(restructured, login, city_staff, city):
    cycle = open_annual_cycle(2025, city)
    client = login(city_staff)
    html, asked, mergers = _name_queries(client, reverse("reviews:cycle_board", args=[cycle.pk]))
    assert NEW_B in html and NAM_DINH in html
    assert "nay là" not in html and OLD_B not in html
    assert (asked, mergers) == (1, 0)
    html, _asked, _mergers = _name_queries(client, reverse("reports:individual_reviews"), {"cycle": cycle.pk})
    assert NEW_BRANCH in html and "nay là" not in html


def test_a_finalized_2017_report_keeps_the_names_it_was_frozen_with(restructured, login, city_staff, city, ward_b):
    from reports import cycle_report

    version = cycle_report.finalize(restructured["cycle"], city, city_staff)
    services.rename(Organization.objects.get(pk=ward_b.pk), "Đảng bộ phường Cửa Nam", datetime.date(2026, 1, 1), BASIS)
    html = login(city_staff).get(reverse("reports:cycle_report_version", args=[version.pk, "print"])).content.decode()
    assert f"{OLD_B} <small" in html and _now(NEW_B) in html  # JSON rows rendered like a NamedThen
    assert "Cửa Nam" not in html  # named as when it was frozen


def test_a_ward_merged_twice_is_now_the_last_ward_it_became_even_beside_the_ward_between(city, ward_c_d):
    first, between = ward_c_d
    earlier = services.Basis(number="12-NQ/TU", date=datetime.date(2024, 11, 1), issuer="Tỉnh ủy Nam Định")
    services.merge([first], between, datetime.date(2024, 12, 1), earlier)
    new_ward = Organization(
        name=NAM_DINH, code="PN-ND", kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, parent=city
    )
    services.merge([Organization.objects.get(pk=between.pk)], new_ward, ON, BASIS)
    rows = [{"organization": Organization.objects.get(pk=pk)} for pk in (first.pk, between.pk)]
    named = [row["organization_then"] for row in lineage.attach_names_then(rows, datetime.date(2017, 12, 1))]
    assert [(n.name_then, n.name_now) for n in named] == [(first.name, NAM_DINH), (between.name, NAM_DINH)]


def test_a_merged_wards_page_keeps_the_directive_aimed_at_it_and_its_name_of_each_year(restructured, login, city_staff):
    ward_a = restructured["wards"]["A"]
    html = login(city_staff).get(reverse("reports:organization", args=[ward_a.pk])).content.decode()
    received = html[html.index('id="directives-received"') :]
    assert restructured["directive"].number in received  # held by Nam Định since the merger, aimed at ward A
    years = html[html.index('id="ratings-over-years"') : html.index("</table>", html.index('id="ratings-over-years"'))]
    assert f"{OLD_A} <small" in years and _now(NAM_DINH) in years
