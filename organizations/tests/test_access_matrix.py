"""Who gets what on every organization URL: the access matrix.

Each row is {actor} × {object of ward A, object of ward B} → the documented
status: 404 outside the actor's reach (existence is not revealed), 403 for a
visible organization the actor may not change, 302 to the login page for an
anonymous visitor. After each refused write the organizations table is
exactly as it was.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization, OrganizationKind
from tests.access_matrix import ACTORS, LOGIN, OK, check_cell

READ = {
    "secretary_a": {"A": OK, "B": 404},
    "secretary_b": {"A": 404, "B": OK},
    "city_staff": {"A": OK, "B": OK},
    "inspector": {"A": OK, "B": OK},
    "standing_member_a": {"A": OK, "B": 404},
    "anonymous": {"A": LOGIN, "B": LOGIN},
}
WRITE = {
    "secretary_a": {"A": 403, "B": 404},
    "secretary_b": {"A": 404, "B": 403},
    "city_staff": {"A": OK, "B": OK},
    "inspector": {"A": 403, "B": 403},
    "standing_member_a": {"A": 403, "B": 404},
    "anonymous": {"A": LOGIN, "B": LOGIN},
}


def _edit_data(organization):
    return {
        "name": "Tên đã đổi",
        "code": organization.code,
        "kind": organization.kind,
        "sector": organization.sector,
        "parent": organization.parent_id,
        "valid_from": "01/01/2010",
        "valid_to": "",
        "description": "",
    }


def _create_data(organization):
    return {
        "name": "Tổ đảng mới",
        "code": f"{organization.code}-NEW",
        "kind": OrganizationKind.PARTY_GROUP,
        "sector": organization.sector,
        "parent": organization.pk,
        "valid_from": "01/01/2020",
        "valid_to": "",
        "description": "",
    }


def _basis():
    today = timezone.localdate().strftime("%d/%m/%Y")
    return {
        "on_date": today,
        "basis_number": "12-QĐ/TU",
        "basis_date": today,
        "basis_issuer": "Thành ủy",
        "confirmed": "1",
    }


def _close_data(organization):
    return {**_basis(), "successor": ""}


def _rename_data(organization):
    return {**_basis(), "name": "Chi bộ đổi tên"}


# (URL name, method, payload builder or None, which table applies)
URLS = [
    ("organizations:detail", "get", None, READ),
    ("organizations:edit", "get", None, WRITE),
    ("organizations:edit", "post", _edit_data, WRITE),
    ("organizations:create", "get", None, WRITE),
    ("organizations:create", "post", _create_data, WRITE),
    ("organizations:close", "get", None, WRITE),
    ("organizations:close", "post", _close_data, WRITE),
    ("organizations:history", "get", None, READ),
    ("organizations:merge", "get", None, WRITE),
    ("organizations:split", "get", None, WRITE),
    ("organizations:rename", "get", None, WRITE),
    ("organizations:rename", "post", _rename_data, WRITE),
    ("organizations:move", "get", None, WRITE),
]


def _snapshot():
    return list(Organization.objects.order_by("pk").values())


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("side", ["A", "B"])
@pytest.mark.parametrize(("url_name", "method", "payload", "table"), URLS)
def test_organization_access_matrix(request, client, branch_a, branch_b, actor, side, url_name, method, payload, table):
    target = branch_a if side == "A" else branch_b
    check_cell(
        request,
        client,
        thing="organization",
        actor=actor,
        side=side,
        url_name=url_name,
        url=reverse(url_name, args=[target.pk]),
        method=method,
        data=payload(target) if payload else None,
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
def test_organization_list_shows_only_what_is_in_reach(request, login, branch_a, branch_b, actor, sees_a, sees_b):
    content = login(request.getfixturevalue(actor)).get(reverse("organizations:list"), {"q": "chi bo"}).content.decode()
    assert (branch_a.code in content) == sees_a, f"organization of A {'hidden from' if sees_a else 'leaked to'} {actor}"
    assert (branch_b.code in content) == sees_b, f"organization of B {'hidden from' if sees_b else 'leaked to'} {actor}"


def test_anonymous_visitor_is_sent_to_login_from_the_list(client, branch_a):
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_inactive_secretary_is_sent_to_login(client, secretary_a, branch_a):
    client.force_login(secretary_a)
    secretary_a.is_active = False
    secretary_a.save(update_fields=["is_active"])
    response = client.get(reverse("organizations:detail", args=[branch_a.pk]))
    assert response.status_code == 302, "organization of A leaked to an inactive user"


def test_city_staff_cannot_create_under_a_closed_parent_through_the_url(login, city_staff, branch_a):
    branch_a.close(datetime.date(2020, 1, 1))
    before = _snapshot()
    response = login(city_staff).post(reverse("organizations:create", args=[branch_a.pk]), _create_data(branch_a))
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert _snapshot() == before
