"""The study lists and their Excel exports: the same rows for the same filters, nothing out of reach."""

import io

import openpyxl
import pytest
from django.urls import reverse

from studies import services

pytestmark = pytest.mark.django_db

EXPORTS = {
    "study_plans": "studies:plans",
    "study_sessions": "studies:sessions",
    "study_attendance": "studies:attendance",
    "study_essays": "studies:essays",
}


@pytest.fixture
def recorded(plan, session_a, session_b, people):
    for session, names in ((session_a, ("secretary", "leader", "ordinary")), (session_b, ("secretary_b",))):
        roster = {member.pk: ("present", "") for member in services.roster(session)}
        services.record_attendance(session, roster | {people[names[-1]].pk: ("absent", "")})
    return plan


def _sheet(response):
    assert response.status_code == 200
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("actor", ["city_staff", "secretary_a"])
def test_each_export_holds_the_rows_of_its_list(name, actor, request, recorded, login, ward_a):
    client = login(request.getfixturevalue(actor))
    for params in ({}, {"organization": ward_a.pk}):
        listed = client.get(reverse(EXPORTS[name]), params).context["page_obj"].paginator.count
        rows = _sheet(client.get(reverse("reports:export", args=[name]), params))
        assert len(rows) - 1 == listed, (name, params)


@pytest.mark.parametrize("name", ["study_attendance", "study_essays"])
def test_a_secretarys_exports_hold_nothing_of_another_ward(name, recorded, people, login, secretary_a, city_staff):
    other = people["secretary_b"].card_number
    mine = _sheet(login(secretary_a).get(reverse("reports:export", args=[name])))
    assert other not in {row[0] for row in mine}
    assert people["secretary"].card_number in {row[0] for row in mine}
    everyone = _sheet(login(city_staff).get(reverse("reports:export", args=[name])))
    assert other in {row[0] for row in everyone}  # so the check above can fail


def test_the_attendance_export_is_keyed_by_card_number_and_document(recorded, people, login, city_staff):
    rows = _sheet(login(city_staff).get(reverse("reports:export", args=["study_attendance"]), {"status": "absent"}))
    assert rows[0][:4] == ("Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Văn bản học tập")
    assert sorted(row[:2] for row in rows[1:]) == sorted(
        (people[name].card_number, people[name].full_name) for name in ("ordinary", "secretary_b")
    )
    assert {row[3] for row in rows[1:]} == {"04-NQ/TW"}


def test_the_owed_essays_list_is_who_still_owes_one(recorded, people, login, city_staff):
    services.receive_essay(
        recorded.essays.get(member=people["leader"]), city_staff, submitted_on=recorded.starts_on, text="B"
    )
    page = login(city_staff).get(reverse("studies:essays"), {"status": "owed", "plan": recorded.pk}).context["page_obj"]
    assert {essay.member.full_name for essay in page.paginator.object_list} == {
        "Bí thư A1",
        "Phó Chủ tịch A1",
        "Bí thư B1",
    }
