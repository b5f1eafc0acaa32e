"""Who gets what on every member URL: the access matrix.

{actor} × {member of ward A, member of ward B} → the documented status: 404
outside the actor's reach, 403 for a visible member the actor may not change,
302 to the login page for an anonymous visitor. After each refused write the
members and their membership history are exactly as they were.
"""

import pytest
from django.urls import reverse

from members.models import Member, Membership
from tests.access_matrix import ACTORS, LOGIN, OK, check_cell

READ = {
    "secretary_a": {"A": OK, "B": 404},
    "secretary_b": {"A": 404, "B": OK},
    "city_staff": {"A": OK, "B": OK},
    "inspector": {"A": OK, "B": OK},
    "standing_member_a": {"A": OK, "B": 404},
    "anonymous": {"A": LOGIN, "B": LOGIN},
}
# Secretaries keep their own organization's member records; city staff all.
WRITE = {
    "secretary_a": {"A": OK, "B": 404},
    "secretary_b": {"A": 404, "B": OK},
    "city_staff": {"A": OK, "B": OK},
    "inspector": {"A": 403, "B": 403},
    "standing_member_a": {"A": 403, "B": 404},
    "anonymous": {"A": LOGIN, "B": LOGIN},
}


def _member_data(member, organization, **changes):
    data = {
        "full_name": "Tên Đã Sửa",
        "sex": member.sex,
        "date_of_birth": member.date_of_birth.strftime("%d/%m/%Y"),
        "card_number": member.card_number,
        "organization": organization.pk,
        "admission_date": member.admission_date.strftime("%d/%m/%Y"),
        "full_membership_date": member.full_membership_date.strftime("%d/%m/%Y"),
        "party_position": "",
        "government_position": "",
        "mass_organization_position": "",
        "status": member.status,
        "status_since": "",
    }
    data.update(changes)
    return data


def _edit_data(member):
    return _member_data(member, member.organization)


def _create_data(member):
    return _member_data(member, member.organization, full_name="Đảng Viên Mới", card_number="99990001")


# (URL name, method, payload builder or None, table, URL argument: the member or its organization)
URLS = [
    ("members:detail", "get", None, READ, "member"),
    ("members:edit", "get", None, WRITE, "member"),
    ("members:edit", "post", _edit_data, WRITE, "member"),
    ("members:create", "get", None, WRITE, "organization"),
    ("members:create", "post", _create_data, WRITE, "organization"),
]


def _snapshot():
    return (
        list(Member.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("side", ["A", "B"])
@pytest.mark.parametrize(("url_name", "method", "payload", "table", "argument"), URLS)
def test_member_access_matrix(
    request, client, member_a, member_b, actor, side, url_name, method, payload, table, argument
):
    member = member_a if side == "A" else member_b
    check_cell(
        request,
        client,
        thing="member",
        actor=actor,
        side=side,
        url_name=url_name,
        url=reverse(url_name, args=[member.pk if argument == "member" else member.organization_id]),
        method=method,
        data=payload(member) if payload else None,
        expected=table[actor][side],
        snapshot=_snapshot,
    )


@pytest.mark.parametrize(
    ("actor", "sees_a", "sees_b"),
    [
        ("secretary_a", True, False),
        ("secretary_b", False, True),
        ("city_staff", True, True),
        ("inspector", True, True),
        ("standing_member_a", True, False),
    ],
)
def test_member_list_shows_only_members_in_reach(request, login, member_a, member_b, actor, sees_a, sees_b):
    content = login(request.getfixturevalue(actor)).get(reverse("members:list")).content.decode()
    for member, sees, side in ((member_a, sees_a, "A"), (member_b, sees_b, "B")):
        problem = "hidden from" if sees else "leaked to"
        assert (member.card_number in content) == sees, f"member of {side} {problem} {actor}"


def test_member_list_filter_by_an_organization_out_of_reach_shows_nothing_of_it(login, secretary_a, member_a, member_b):
    response = login(secretary_a).get(reverse("members:list"), {"organization": member_b.organization_id})
    assert member_b.card_number not in response.content.decode(), "member of B leaked to secretary of A via filter"


def test_anonymous_visitor_is_sent_to_login_from_the_member_list(client, member_a):
    response = client.get(reverse("members:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_secretary_cannot_move_own_member_into_another_ward(login, secretary_a, member_a, branch_b):
    before = _snapshot()
    response = login(secretary_a).post(reverse("members:edit", args=[member_a.pk]), _member_data(member_a, branch_b))
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors, "secretary of A could place a member in B"
    assert _snapshot() == before


def test_secretary_cannot_add_a_member_to_another_ward_through_the_form(login, secretary_a, member_a, branch_b):
    before = _snapshot()
    data = _member_data(member_a, branch_b, card_number="99990002")
    response = login(secretary_a).post(reverse("members:create", args=[member_a.organization_id]), data)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors, "secretary of A could add a member to B"
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("actor", "sees_full_id"),
    [("city_staff", True), ("secretary_a", False), ("inspector", False), ("standing_member_a", False)],
)
def test_citizen_id_is_shown_in_full_only_to_city_staff(request, login, member_a, actor, sees_full_id):
    content = login(request.getfixturevalue(actor)).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert (member_a.citizen_id in content) == sees_full_id, f"citizen ID of a member of A leaked to {actor}"
    assert member_a.citizen_id[-3:] in content


def test_secretary_edit_form_does_not_reveal_the_citizen_id(login, secretary_a, member_a):
    content = login(secretary_a).get(reverse("members:edit", args=[member_a.pk])).content.decode()
    assert member_a.citizen_id not in content, "citizen ID leaked to secretary of A through the edit form"
