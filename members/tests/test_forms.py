"""The member form: every bad input is refused next to its field and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import MIN_ADMISSION_AGE, Member, Membership, MemberStatus
from tests.factories import make_member


def _data(member, **changes):
    data = {
        "full_name": member.full_name,
        "sex": member.sex,
        "date_of_birth": member.date_of_birth.strftime("%d/%m/%Y"),
        "card_number": member.card_number,
        "citizen_id": member.citizen_id,
        "organization": member.organization_id,
        "admission_date": member.admission_date.strftime("%d/%m/%Y"),
        "full_membership_date": member.full_membership_date.strftime("%d/%m/%Y") if member.full_membership_date else "",
        "party_position": member.party_position,
        "government_position": "",
        "mass_organization_position": "",
        "status": member.status,
        "status_since": "",
    }
    data.update(changes)
    return data


def _snapshot():
    return list(Member.objects.order_by("pk").values()), list(Membership.objects.order_by("pk").values())


def _post_edit(client, member, **changes):
    return client.post(reverse("members:edit", args=[member.pk]), _data(member, **changes))


def _future():
    return (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.fixture
def staff_client(login, city_staff):
    return login(city_staff)


def _refused(response, field):
    assert response.status_code == 200, "an invalid member form was accepted"
    errors = response.context["form"].errors
    assert field in errors, f"no error next to {field}: {errors}"
    return " ".join(errors[field])


def test_card_number_used_by_another_member_is_refused(staff_client, member_a, member_b):
    before = _snapshot()
    message = _refused(_post_edit(staff_client, member_a, card_number=member_b.card_number), "card_number")
    assert "Số thẻ đảng" in message
    assert _snapshot() == before


def test_full_membership_before_admission_is_refused(staff_client, member_a):
    before = _snapshot()
    message = _refused(_post_edit(staff_client, member_a, full_membership_date="18/05/2005"), "full_membership_date")
    assert "ngày kết nạp" in message
    assert _snapshot() == before


def test_admission_one_day_before_the_eighteenth_birthday_is_refused(staff_client, member_a):
    before = _snapshot()
    response = _post_edit(
        staff_client, member_a, date_of_birth="02/01/1990", admission_date="01/01/2008", full_membership_date=""
    )
    message = _refused(response, "admission_date")
    assert str(MIN_ADMISSION_AGE) in message
    assert "tuổi" in message
    assert _snapshot() == before


def test_admission_on_the_eighteenth_birthday_is_accepted(staff_client, member_a):
    response = _post_edit(
        staff_client, member_a, date_of_birth="01/01/1990", admission_date="01/01/2008", full_membership_date=""
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.admission_date == datetime.date(2008, 1, 1)


@pytest.mark.parametrize("field", ["date_of_birth", "admission_date", "full_membership_date", "status_since"])
def test_dates_in_the_future_are_refused(staff_client, member_a, field):
    before = _snapshot()
    message = _refused(_post_edit(staff_client, member_a, **{field: _future()}), field)
    assert "tương lai" in message
    assert _snapshot() == before


def test_malformed_date_is_refused_in_vietnamese(staff_client, member_a):
    before = _snapshot()
    message = _refused(_post_edit(staff_client, member_a, date_of_birth="31/02/1980"), "date_of_birth")
    assert "Nhập" in message or "hợp lệ" in message
    assert _snapshot() == before


def test_citizen_id_must_have_twelve_digits(staff_client, member_a):
    before = _snapshot()
    message = _refused(_post_edit(staff_client, member_a, citizen_id="12345abc"), "citizen_id")
    assert "12" in message
    assert _snapshot() == before


def test_missing_name_is_refused(staff_client, member_a):
    before = _snapshot()
    _refused(_post_edit(staff_client, member_a, full_name=""), "full_name")
    assert _snapshot() == before


def test_city_staff_adds_a_member_with_an_open_membership(staff_client, branch_a):
    data = _data(make_member(branch_a), card_number="12340000", citizen_id="036090000123", full_name="Phạm Thị Lan")
    response = staff_client.post(reverse("members:create", args=[branch_a.pk]), data)
    assert response.status_code == 302
    member = Member.objects.get(card_number="12340000")
    assert member.citizen_id == "036090000123"
    assert member.search_text == "pham thi lan 12340000"
    assert list(member.memberships.values_list("organization", "start", "end")) == [
        (branch_a.pk, member.admission_date, None)
    ]


def test_secretary_adds_a_member_without_seeing_a_citizen_id_field(login, secretary_a, branch_a):
    client = login(secretary_a)
    assert "citizen_id" not in client.get(reverse("members:create", args=[branch_a.pk])).context["form"].fields
    data = _data(make_member(branch_a), card_number="12340001")
    data.pop("citizen_id")
    assert client.post(reverse("members:create", args=[branch_a.pk]), data).status_code == 302
    assert Member.objects.get(card_number="12340001").citizen_id == ""


def test_moving_a_member_closes_the_open_period_and_opens_a_new_one(login, secretary_a, member_a, ward_a, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC))
    response = _post_edit(login(secretary_a), member_a, organization=ward_a.pk)
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.organization == ward_a
    periods = list(member_a.memberships.order_by("start").values_list("organization", "start", "end"))
    assert periods == [
        (member_a.memberships.first().organization_id, datetime.date(2005, 5, 19), datetime.date(2025, 3, 10)),
        (ward_a.pk, datetime.date(2025, 3, 10), None),
    ]
    assert member_a.organization_on(datetime.date(2025, 3, 9)).kind == "branch"


def test_changing_the_status_records_since_when(login, secretary_a, member_a):
    response = _post_edit(login(secretary_a), member_a, status=MemberStatus.EXCUSED)
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == MemberStatus.EXCUSED
    assert member_a.status_since == timezone.localdate()
