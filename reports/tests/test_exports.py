"""Excel exports of organizations and members: rows, headers, filters and the access scope."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import MemberStatus, Sex
from organizations.models import OrganizationKind, Sector
from reports.exports import members_for, organizations_for
from reports.tests.conftest import MARKER
from tests.factories import make_member, make_organization


def _sheet(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def _rows(sheet):
    return list(sheet.iter_rows(min_row=2, values_only=True))


def _all_text(sheet):
    return " ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


def test_city_staff_export_all_organizations_with_their_columns(login, city_staff, branch_a, branch_b):
    sheet = _sheet(login(city_staff).get(reverse("reports:export", args=["organizations"])))
    rows = _rows(sheet)
    assert [row[1] for row in rows] == ["TU", "P-THD", "P-THD-1", "P-QT", "P-QT-2"]
    name, code, _kind, _sector, parent, valid_from, valid_to = rows[2]
    assert (name, code, parent) == ("Chi bộ khu phố 1", "P-THD-1", "Đảng bộ phường Trần Hưng Đạo")
    assert valid_from == datetime.datetime(2010, 1, 1)
    assert sheet.cell(row=4, column=6).number_format == "DD/MM/YYYY"
    assert valid_to is None
    assert sheet.freeze_panes == "A2"


def test_member_export_headers_are_in_the_users_language(client, login, city_staff, member_a):
    login(city_staff)
    client.cookies["django_language"] = "en"
    sheet = _sheet(client.get(reverse("reports:export", args=["members"])))
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["Full name", "Party card number", "Organization", "Status", "Review form", "Admission date"]
    assert _rows(sheet) == [
        (
            "Trần Thị Hoa",
            member_a.card_number,
            "Chi bộ khu phố 1",
            "Active",
            "2C – members not working in the political system",
            datetime.datetime(2005, 5, 19),
        )
    ]


def test_member_export_headers_are_vietnamese_by_default(login, city_staff, member_a):
    sheet = _sheet(login(city_staff).get(reverse("reports:export", args=["members"])))
    assert sheet.cell(row=1, column=5).value == "Mẫu kiểm điểm"


def test_a_secretarys_exports_never_contain_another_organizations_rows(login, secretary_a, member_a, marked_b, ward_b):
    client = login(secretary_a)
    organizations = _sheet(client.get(reverse("reports:export", args=["organizations"])))
    members = _sheet(client.get(reverse("reports:export", args=["members"])))
    assert [row[1] for row in _rows(organizations)] == ["P-THD", "P-THD-1"]
    assert [row[0] for row in _rows(members)] == ["Trần Thị Hoa"]
    for sheet in (organizations, members):
        text = _all_text(sheet)
        assert MARKER not in text, "data of ward B leaked into ward A's export"
        assert ward_b.name not in text


def test_a_secretary_filtering_on_another_organization_never_gets_its_rows(
    login, secretary_a, member_a, member_b, marked_b, ward_b
):
    client = login(secretary_a)
    # As on the member list, an organization out of reach is not a valid choice: the filter is ignored.
    response = client.get(reverse("reports:export", args=["members"]), {"organization": ward_b.pk})
    rows = _rows(_sheet(response))
    assert [row[0] for row in rows] == ["Trần Thị Hoa"]
    assert MARKER not in " ".join(str(value) for row in rows for value in row), "ward B leaked through a filter"


@pytest.mark.django_db
def test_organization_filters_match_the_list_filter_names(city_staff, city, ward_a, branch_a):
    school = make_organization("Đảng bộ Trường THPT Trần Hưng Đạo", parent=city, sector=Sector.SCHOOL, code="S-1")
    make_organization("Chi bộ đã giải thể", parent=city, code="OLD", valid_to=datetime.date(2020, 1, 1))

    def codes(**params):
        return [o.code for o in organizations_for(city_staff, params)]

    assert codes(sector="school") == ["S-1"]
    assert codes(kind=OrganizationKind.BRANCH) == ["P-THD-1"]
    assert codes(q="tran hung dao") == ["P-THD", "S-1"]
    assert codes(state="closed") == ["OLD"]
    assert "OLD" not in codes(state="active")
    assert "OLD" not in codes()  # active by default, as on the list
    assert "OLD" in codes(state="all")
    assert school.code in codes(sector="not-a-sector")  # unknown values are ignored, as on the lists


@pytest.mark.django_db
def test_member_filters_match_the_list_filter_names(city_staff, ward_a, branch_a, branch_b):
    make_member(branch_a, full_name="Lãnh Đạo", is_leader=True, works_in_political_system=True)
    make_member(
        branch_a, full_name="Cán Bộ", works_in_political_system=True, status=MemberStatus.SUSPENDED, sex=Sex.FEMALE
    )
    make_member(branch_b, full_name="Đảng Viên B")

    def names(**params):
        return [m.full_name for m in members_for(city_staff, params)]

    assert names(review_form="2A") == ["Lãnh Đạo"]
    assert names(review_form="2B") == ["Cán Bộ"]
    assert names(review_form="2C") == ["Đảng Viên B"]
    assert names(status="suspended") == ["Cán Bộ"]
    assert names(organization=str(ward_a.pk)) == ["Cán Bộ", "Lãnh Đạo"]
    assert names(q="dang vien") == ["Đảng Viên B"]
    assert names(sex="female") == ["Cán Bộ"]
    assert names(organization="abc") == names()


def test_an_unknown_export_answers_404(login, city_staff):
    assert login(city_staff).get(reverse("reports:export", args=["nothing"])).status_code == 404


def test_anonymous_users_are_sent_to_login_for_exports(client, db):
    response = client.get(reverse("reports:export", args=["members"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_member_export_costs_the_same_queries_for_few_and_many_rows(
    count, login, city_staff, branch_a, django_assert_num_queries
):
    for _ in range(count):
        make_member(branch_a)
    client = login(city_staff)
    # session, user, role assignments, count, rows
    with django_assert_num_queries(5):
        response = client.get(reverse("reports:export", args=["members"]))
    assert len(_rows(_sheet(response))) == count


def _export_button_href(html):
    match = re.search(r'id="export-xlsx" href="([^"]+)"', html)
    assert match, "the list has no Export to Excel button"
    return match.group(1).replace("&amp;", "&")


@pytest.fixture
def mixed(city, ward_a, ward_b, branch_a, branch_b):
    """Organizations and members that the filters below split in different ways."""
    make_organization("Đảng bộ Trường THPT Trần Hưng Đạo", parent=city, sector=Sector.SCHOOL, code="S-1")
    make_organization("Chi bộ Trần Hưng Đạo cũ", parent=ward_a, code="OLD", valid_to=datetime.date(2020, 1, 1))
    make_member(branch_a, full_name="Trần Lãnh Đạo", is_leader=True, works_in_political_system=True)
    make_member(branch_a, full_name="Trần Cán Bộ", works_in_political_system=True, sex=Sex.FEMALE)
    make_member(branch_a, full_name="Lê Nghỉ", status=MemberStatus.EXCUSED)
    make_member(branch_b, full_name="Trần Đảng Viên B", sex=Sex.FEMALE)
    make_member(branch_b, full_name="Phạm Từ Trần", status=MemberStatus.DECEASED)


@pytest.mark.parametrize(
    ("list_name", "export_name", "params"),
    [
        ("organizations:list", "organizations", {}),
        ("organizations:list", "organizations", {"q": "tran hung dao"}),
        ("organizations:list", "organizations", {"state": "all", "q": "tran hung dao", "sort": "-code"}),
        ("organizations:list", "organizations", {"state": "closed"}),
        ("organizations:list", "organizations", {"sector": "ward", "kind": "branch", "page": "2"}),
        ("members:list", "members", {}),
        ("members:list", "members", {"q": "tran", "sex": "female"}),
        ("members:list", "members", {"status": "active", "review_form": "2C"}),
        ("members:list", "members", {"organization": "WARD_A", "page": "2"}),
        ("members:list", "members", {"organization": "WARD_B", "status": "not-a-status"}),
    ],
)
def test_the_lists_export_button_exports_the_rows_the_list_shows(
    list_name, export_name, params, mixed, ward_a, ward_b, login, city_staff, settings
):
    settings.PAGE_SIZE = 2  # the export holds every page of the list, not the one on screen
    params = {
        key: {"WARD_A": str(ward_a.pk), "WARD_B": str(ward_b.pk)}.get(value, value) for key, value in params.items()
    }
    client = login(city_staff)
    response = client.get(reverse(list_name), params)
    listed = sorted(str(row) for row in response.context["page_obj"].paginator.object_list)
    href = _export_button_href(response.content.decode())
    assert href.startswith(reverse("reports:export", args=[export_name]))
    exported = sorted(row[0] for row in _rows(_sheet(client.get(href))))
    assert exported == listed
    assert listed, "each case must list something, or the comparison proves little"
