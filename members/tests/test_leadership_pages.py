"""The leadership collectives' pages and rules: who reads and who changes them, seats dated and never deleted."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.errors import DomainError
from members import leadership
from members.models import BodyKind, LeadershipBody, LeadershipSeat
from tests.factories import make_member

START = datetime.date(2020, 10, 1)


@pytest.fixture
def body(ward_a):
    return LeadershipBody.objects.create(organization=ward_a, kind=BodyKind.EXECUTIVE, name="Đảng ủy phường A")


@pytest.fixture
def seat(body, member_a):
    return LeadershipSeat.objects.create(body=body, member=member_a, title="Bí thư", position=1, start=START)


# --- access ----------------------------------------------------------------------------------------------------


def test_city_staff_see_the_change_buttons_and_a_secretary_reads_without_them(
    login, body, seat, city_staff, secretary_a
):
    page = login(city_staff).get(reverse("members:body_detail", args=[body.pk])).content.decode()
    assert reverse("members:seat_end", args=[seat.pk]) in page and reverse("members:seat_add", args=[body.pk]) in page
    response = login(secretary_a).get(reverse("members:body_detail", args=[body.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đảng ủy phường A" in page and "Bí thư" in page
    assert reverse("members:seat_end", args=[seat.pk]) not in page


@pytest.mark.parametrize(
    "name, target",
    [
        ("body_edit", "body"),
        ("seat_add", "body"),
        ("seat_edit", "seat"),
        ("seat_end", "seat"),
        ("body_create", "organization"),
    ],
)
def test_a_reader_who_may_not_change_gets_403_on_every_change_page(login, body, seat, secretary_a, name, target):
    pk = {"body": body.pk, "seat": seat.pk, "organization": body.organization_id}[target]
    client = login(secretary_a)
    assert client.get(reverse(f"members:{name}", args=[pk])).status_code == 403
    assert client.post(reverse(f"members:{name}", args=[pk]), {"end": "01/01/2024", "name": "X"}).status_code == 403
    seat.refresh_from_db()
    assert seat.end is None and LeadershipBody.objects.count() == 1


@pytest.mark.parametrize(
    "name, target",
    [
        ("body_detail", "body"),
        ("body_edit", "body"),
        ("seat_add", "body"),
        ("seat_edit", "seat"),
        ("seat_end", "seat"),
        ("bodies", "organization"),
        ("body_create", "organization"),
    ],
)
def test_another_wards_collective_is_404(login, body, seat, secretary_b, name, target):
    pk = {"body": body.pk, "seat": seat.pk, "organization": body.organization_id}[target]
    assert login(secretary_b).get(reverse(f"members:{name}", args=[pk])).status_code == 404


def test_the_organization_page_shows_its_collectives_card(login, body, seat, secretary_a, ward_a):
    page = login(secretary_a).get(reverse("organizations:detail", args=[ward_a.pk])).content.decode()
    assert 'id="leadership"' in page and reverse("members:body_detail", args=[body.pk]) in page
    assert reverse("members:body_create", args=[ward_a.pk]) not in page  # a reader: no add button


# --- creating and editing --------------------------------------------------------------------------------------


def test_city_staff_create_a_collective_and_a_second_of_the_same_kind_is_refused(login, city_staff, ward_a, body):
    client = login(city_staff)
    url = reverse("members:body_create", args=[ward_a.pk])
    response = client.post(url, {"kind": BodyKind.STANDING, "name": "Ban Thường vụ Đảng ủy phường A"})
    assert response.status_code == 302
    assert LeadershipBody.objects.filter(organization=ward_a, kind=BodyKind.STANDING).exists()
    response = client.post(url, {"kind": BodyKind.EXECUTIVE, "name": "Đảng ủy thứ hai"})
    assert response.status_code == 200
    assert "đã có" in response.content.decode(), response.context["form"].errors
    assert LeadershipBody.objects.filter(organization=ward_a).count() == 2


def test_city_staff_rename_a_collective(login, city_staff, body):
    url = reverse("members:body_edit", args=[body.pk])
    response = login(city_staff).post(url, {"kind": body.kind, "name": "Đảng ủy phường A khóa mới"})
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Đảng ủy phường A khóa mới"


def _seat_data(member, **changes):
    return {"member": member.pk, "title": "Ủy viên", "position": 5, "start": "01/10/2020", "end": "", **changes}


def test_city_staff_give_a_member_of_the_sub_tree_a_seat(login, city_staff, body, member_a):
    response = login(city_staff).post(reverse("members:seat_add", args=[body.pk]), _seat_data(member_a))
    assert response.status_code == 302
    seat = LeadershipSeat.objects.get(body=body, member=member_a)
    assert (seat.title, seat.position, seat.start, seat.end) == ("Ủy viên", 5, START, None)


def test_a_seat_ending_before_it_starts_is_refused_in_vietnamese(login, city_staff, body, member_a):
    data = _seat_data(member_a, end="01/01/2020")
    response = login(city_staff).post(reverse("members:seat_add", args=[body.pk]), data)
    assert response.status_code == 200
    assert "phải kết thúc sau ngày bắt đầu" in response.content.decode()
    assert not LeadershipSeat.objects.exists()


def test_a_member_of_another_organizations_sub_tree_is_refused(login, city_staff, body, member_b):
    response = login(city_staff).post(reverse("members:seat_add", args=[body.pk]), _seat_data(member_b))
    assert response.status_code == 200 and response.context["form"].errors["member"]
    assert not LeadershipSeat.objects.exists()
    with pytest.raises(DomainError, match="không phải"):
        leadership.add_seat(body, member_b, title="Ủy viên", start=START)


def test_a_second_open_seat_for_the_same_member_is_refused(login, city_staff, body, seat, member_a):
    response = login(city_staff).post(reverse("members:seat_add", args=[body.pk]), _seat_data(member_a))
    assert response.status_code == 200
    assert "kết thúc chức danh cũ trước" in response.content.decode()
    assert LeadershipSeat.objects.filter(member=member_a).count() == 1


def test_an_earlier_closed_seat_overlapping_the_open_one_is_refused(body, seat, member_a):
    with pytest.raises(DomainError):
        leadership.add_seat(
            body, member_a, title="Ủy viên", start=datetime.date(2019, 1, 1), end=datetime.date(2021, 1, 1)
        )
    # one that ends the day the open seat starts does not overlap: the member's earlier term
    leadership.add_seat(body, member_a, title="Ủy viên", start=datetime.date(2015, 10, 1), end=START)
    assert LeadershipSeat.objects.filter(member=member_a).count() == 2


def test_the_database_refuses_two_open_seats_and_a_seat_ending_before_it_starts(body, seat, member_a, branch_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadershipSeat.objects.create(body=body, member=member_a, title="Ủy viên", start=START)
    other = make_member(branch_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadershipSeat.objects.create(body=body, member=other, title="Ủy viên", start=START, end=START)


def test_city_staff_correct_a_seats_title_and_order_but_not_its_member_or_dates(login, city_staff, seat, member_b):
    url = reverse("members:seat_edit", args=[seat.pk])
    data = {"title": "Bí thư Đảng ủy phường", "position": 2, "member": member_b.pk, "start": "01/01/2000"}
    assert login(city_staff).post(url, data).status_code == 302
    seat.refresh_from_db()
    assert (seat.title, seat.position, seat.member_id, seat.start) == (
        "Bí thư Đảng ủy phường",
        2,
        seat.member_id,
        START,
    )
    assert seat.member_id != member_b.pk


# --- ending a seat ---------------------------------------------------------------------------------------------


def test_ending_a_seat_asks_for_confirmation_then_keeps_it_with_its_end(login, city_staff, body, seat):
    client = login(city_staff)
    url = reverse("members:seat_end", args=[seat.pk])
    page = client.get(url).content.decode()
    assert "không bị xóa" in page
    seat.refresh_from_db()
    assert seat.end is None  # the page alone changes nothing
    assert client.post(url, {"end": "15/06/2025"}).status_code == 302
    seat.refresh_from_db()
    assert seat.end == datetime.date(2025, 6, 15)
    history = client.get(reverse("members:body_detail", args=[body.pk])).content.decode()
    assert "15/06/2025" in history  # the ended seat stays in the history


def test_ending_a_seat_on_or_before_its_start_or_twice_is_refused(login, city_staff, seat):
    client = login(city_staff)
    url = reverse("members:seat_end", args=[seat.pk])
    response = client.post(url, {"end": "01/10/2020"})
    assert response.status_code == 200 and "phải kết thúc sau ngày bắt đầu" in response.content.decode()
    assert client.post(url, {"end": "nonsense"}).status_code == 200
    seat.refresh_from_db()
    assert seat.end is None
    leadership.end_seat(seat, datetime.date(2025, 1, 1))
    response = client.post(url, {"end": "01/02/2025"})
    assert response.status_code == 200 and "đã kết thúc" in response.content.decode()
    seat.refresh_from_db()
    assert seat.end == datetime.date(2025, 1, 1)


# --- the member page -------------------------------------------------------------------------------------------


def test_the_member_page_lists_the_members_seats(login, secretary_a, seat, member_a):
    leadership.end_seat(seat, datetime.date(2025, 1, 1))
    LeadershipSeat.objects.create(body=seat.body, member=member_a, title="Phó Bí thư", start=datetime.date(2025, 1, 1))
    page = login(secretary_a).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert 'id="seats"' in page and "Phó Bí thư" in page and "Bí thư" in page
    assert reverse("members:body_detail", args=[seat.body_id]) in page


def test_a_seat_in_a_committee_above_the_reader_shows_without_a_link(login, secretary_a, city, member_a):
    standing = LeadershipBody.objects.create(organization=city, kind=BodyKind.STANDING, name="Ban Thường vụ Thành ủy")
    LeadershipSeat.objects.create(body=standing, member=member_a, title="Ủy viên", start=START)
    page = login(secretary_a).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert "Ban Thường vụ Thành ủy" in page
    assert reverse("members:body_detail", args=[standing.pk]) not in page
