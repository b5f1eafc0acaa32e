"""The audit log page and its export: city staff and inspection read it, filtered; secretaries get 403."""

import io

import openpyxl
import pytest
from django.urls import reverse

from audit.context import acting
from audit.models import AuditEvent
from members.models import Member
from reports.models import ExportJob
from tests.factories import make_member

URL = reverse("reports:audit_log")


@pytest.fixture
def changes(branch_a, branch_b):
    with acting("alice", user_id=1, address="10.1.1.1"):
        a = make_member(branch_a, full_name="Phạm Văn Ánh")
    with acting("bob", user_id=2, address="10.2.2.2"):
        b = make_member(branch_b, full_name="Đỗ Thị Bé")
        Member.objects.filter(pk=b.pk).update(phone="0911222333")
    return a, b


def test_a_secretary_may_not_read_the_audit_log(login, secretary_a, changes):
    assert login(secretary_a).get(URL).status_code == 403
    assert login(secretary_a).get(reverse("reports:export", args=["audit"])).status_code == 403
    assert login(secretary_a).post(reverse("reports:export", args=["audit"])).status_code == 403
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("reader", ["city_staff", "inspector"])
def test_city_staff_and_inspection_read_every_change_with_who_and_where(request, login, reader, changes):
    response = login(request.getfixturevalue(reader)).get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "alice" in text and "bob" in text and "10.2.2.2" in text
    assert "0911222333" in text


def test_the_log_filters_by_organization_person_kind_action_and_date(login, city_staff, changes, ward_b):
    client = login(city_staff)
    by_ward = client.get(URL, {"organization": ward_b.pk, "model": "members.member"}).context["rows"]
    assert {row.event.actor for row in by_ward} == {"bob"}
    by_actor = client.get(URL, {"actor": "alic"}).context["rows"]
    assert by_actor and {row.event.actor for row in by_actor} == {"alice"}
    updates = client.get(URL, {"action": "update"}).context["rows"]
    assert [row.event.changes for row in updates] == [{"phone": [None, "0911222333"]}] or all(
        row.event.action == "update" for row in updates
    )
    assert not client.get(URL, {"date_to": "01/01/2001"}).context["rows"]
    assert client.get(URL, {"date_from": "01/01/2001", "q": "10.1.1"}).context["rows"]


def test_bad_filter_values_are_ignored_not_an_error(login, city_staff, changes):
    response = login(city_staff).get(URL, {"date_from": "abc", "model": "nope\x00", "organization": "²", "page": "x"})
    assert response.status_code == 200
    assert response.context["rows"]


def test_the_log_pages(login, city_staff, changes, settings):
    settings.PAGE_SIZE = 2
    client = login(city_staff)
    first = client.get(URL).context["page_obj"]
    assert first.paginator.num_pages > 1
    second = client.get(URL, {"page": 2}).context["rows"]
    assert {row.event.pk for row in second}.isdisjoint(event.pk for event in first.object_list)


def test_the_export_holds_the_filtered_rows_as_text(login, city_staff, changes):
    response = login(city_staff).get(reverse("reports:export", args=["audit"]), {"actor": "bob"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values and {row[1] for row in values} == {"bob"}
    assert any("0911222333" in str(row[6]) for row in values)
    assert len(values) == AuditEvent.objects.filter(actor="bob").count()


def test_a_reader_below_the_top_sees_only_their_reach_not_the_rows_of_no_organization(login, ward_a, ward_b, changes):
    from accounts.models import Role
    from tests.factories import make_user

    ward_inspector = make_user("ubkt_phuong", Role.INSPECTION, ward_a)
    make_user("bithu_khac", Role.SECRETARY, ward_b)  # another ward's account: a row of no organization
    assert AuditEvent.objects.filter(model="accounts.user", organization_id__isnull=True).exists()
    rows = login(ward_inspector).get(URL).context["rows"]
    assert rows and {row.event.actor for row in rows if row.event.model == "members.member"} == {"alice"}
    assert all(row.event.organization_id is not None for row in rows)
