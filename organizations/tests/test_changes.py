"""Creating, editing, moving and closing organizations, through the forms and the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import DomainError
from members.models import Member
from organizations import services
from organizations.models import Organization, OrganizationKind, Sector
from tests.factories import make_member, make_organization


def _data(organization, **changes):
    data = {
        "name": organization.name,
        "code": organization.code,
        "kind": organization.kind,
        "sector": organization.sector,
        "parent": organization.parent_id or "",
        "valid_from": organization.valid_from.strftime("%d/%m/%Y"),
        "valid_to": organization.valid_to.strftime("%d/%m/%Y") if organization.valid_to else "",
        "description": organization.description,
    }
    data.update(changes)
    return data


BASIS = {"basis_number": "12-QĐ/TU", "basis_date": "20/06/2025", "basis_issuer": "Thành ủy", "confirmed": "1"}


def _snapshot():
    return list(Organization.objects.order_by("pk").values())


@pytest.fixture
def staff_client(login, city_staff):
    return login(city_staff)


def _refused(response, field):
    assert response.status_code == 200, "an invalid organization form was accepted"
    errors = response.context["form"].errors
    assert field in errors, f"no error next to {field}: {errors}"
    return " ".join(errors[field])


def test_end_date_before_start_date_is_refused(staff_client, branch_a):
    before = _snapshot()
    url = reverse("organizations:edit", args=[branch_a.pk])
    response = staff_client.post(url, _data(branch_a, valid_to="31/12/2009"))
    assert "ngày bắt đầu" in _refused(response, "valid_to")
    assert _snapshot() == before


def test_code_used_by_another_organization_is_refused(staff_client, branch_a, branch_b):
    before = _snapshot()
    response = staff_client.post(reverse("organizations:edit", args=[branch_a.pk]), _data(branch_a, code=branch_b.code))
    assert "Mã" in _refused(response, "code")
    assert _snapshot() == before


def test_organization_cannot_be_moved_under_its_own_sub_unit(staff_client, ward_a, branch_a):
    before = _snapshot()
    response = staff_client.post(reverse("organizations:edit", args=[ward_a.pk]), _data(ward_a, parent=branch_a.pk))
    _refused(response, "parent")
    assert _snapshot() == before


def test_model_rule_refuses_a_parent_inside_the_own_sub_tree(ward_a, branch_a):
    ward_a.parent = branch_a
    with pytest.raises(ValidationError) as error:
        ward_a.full_clean()
    assert "parent" in error.value.message_dict


def test_model_rule_refuses_a_closed_parent_for_a_new_organization(ward_a):
    ward_a.close(datetime.date(2024, 1, 1))
    organization = Organization(name="Chi bộ mới", code="NEW", kind=OrganizationKind.BRANCH, parent=ward_a)
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "parent" in error.value.message_dict


def test_organization_under_a_since_closed_parent_can_still_be_edited(ward_a, branch_a):
    ward_a.close(datetime.date(2024, 1, 1))
    branch_a.refresh_from_db()
    branch_a.description = "Ghi chú"
    branch_a.full_clean()


def test_city_staff_creates_a_sub_unit(staff_client, branch_a):
    data = _data(
        branch_a, name="Tổ đảng số 3", code="P-THD-1-T3", kind=OrganizationKind.PARTY_GROUP, parent=branch_a.pk
    )
    response = staff_client.post(reverse("organizations:create", args=[branch_a.pk]), data)
    assert response.status_code == 302
    group = Organization.objects.get(code="P-THD-1-T3")
    assert group.path.startswith(branch_a.path)
    assert group.depth == branch_a.depth + 1
    assert group.search_text == "to dang so 3 p-thd-1-t3"


def test_moving_an_organization_rewrites_its_whole_sub_tree(staff_client, ward_a, ward_b, branch_a):
    group = make_organization(parent=branch_a, kind=OrganizationKind.PARTY_GROUP)
    response = staff_client.post(reverse("organizations:edit", args=[branch_a.pk]), _data(branch_a, parent=ward_b.pk))
    assert response.status_code == 302
    branch_a.refresh_from_db()
    group.refresh_from_db()
    assert branch_a.parent == ward_b
    assert branch_a.path == f"{ward_b.path}{branch_a.pk:08d}."
    assert group.path == f"{branch_a.path}{group.pk:08d}."
    assert group.depth == branch_a.depth + 1
    assert not Organization.objects.subtree_of(ward_a).filter(pk=group.pk).exists()


def test_renaming_keeps_the_tree_and_updates_the_search_key(staff_client, branch_a):
    url = reverse("organizations:edit", args=[branch_a.pk])
    response = staff_client.post(url, _data(branch_a, name="Chi bộ Đồng Tâm"))
    assert response.status_code == 302
    branch_a.refresh_from_db()
    assert branch_a.search_text.startswith("chi bo dong tam")


def test_merging_moves_sub_units_and_members_to_the_successor(ward_a, ward_b, branch_a):
    direct = make_member(ward_a, admission_date=datetime.date(2010, 1, 1), full_membership_date=None)
    in_branch = make_member(branch_a)
    on_date = datetime.date(2025, 7, 1)

    services.close_organization(ward_a, on_date, successor=ward_b)

    ward_a.refresh_from_db()
    branch_a.refresh_from_db()
    direct.refresh_from_db()
    assert (ward_a.valid_to, ward_a.successor) == (on_date, ward_b)
    assert branch_a.parent == ward_b and branch_a.path.startswith(ward_b.path)
    assert direct.organization == ward_b
    assert direct.organization_on(datetime.date(2025, 6, 30)) == ward_a
    assert direct.organization_on(on_date) == ward_b
    assert Member.objects.get(pk=in_branch.pk).organization == branch_a


def test_successor_page_links_back_to_its_predecessor(login, city_staff, ward_a, ward_b):
    services.close_organization(ward_a, datetime.date(2025, 7, 1), successor=ward_b)
    content = login(city_staff).get(reverse("organizations:detail", args=[ward_b.pk])).content.decode()
    assert reverse("organizations:detail", args=[ward_a.pk]) in content
    content = login(city_staff).get(reverse("organizations:detail", args=[ward_a.pk])).content.decode()
    assert reverse("organizations:detail", args=[ward_b.pk]) in content
    assert "01/07/2025" in content


def test_closing_without_a_successor_is_refused_while_members_remain(staff_client, member_a, branch_a):
    before = _snapshot()
    response = staff_client.post(reverse("organizations:close", args=[branch_a.pk]), {"on_date": "01/07/2025", **BASIS})
    assert "kế tục" in _refused(response, "successor")
    assert _snapshot() == before


def test_closing_before_the_founding_date_is_refused(staff_client, branch_a):
    before = _snapshot()
    response = staff_client.post(
        reverse("organizations:close", args=[branch_a.pk]),
        {"on_date": "01/01/2000", **BASIS, "basis_date": "01/01/2000"},
    )
    _refused(response, "on_date")
    assert _snapshot() == before


def test_successor_cannot_be_a_sub_unit(ward_a, branch_a):
    with pytest.raises(DomainError) as error:
        services.close_organization(ward_a, datetime.date(2025, 1, 1), successor=branch_a)
    assert error.value.field == "successor"


def test_closed_organization_cannot_be_closed_again(branch_a):
    services.close_organization(branch_a, datetime.date(2025, 1, 1))
    with pytest.raises(DomainError):
        services.close_organization(branch_a, datetime.date(2025, 2, 1))


def test_closing_an_empty_unit_needs_no_successor(staff_client, branch_a):
    response = staff_client.post(reverse("organizations:close", args=[branch_a.pk]), {"on_date": "01/07/2025", **BASIS})
    assert response.status_code == 302
    branch_a.refresh_from_db()
    assert branch_a.valid_to == datetime.date(2025, 7, 1)


def test_detail_shows_sub_tree_officers_and_member_counts(login, city_staff, ward_a, branch_a, secretary_a):
    group = make_organization("Tổ đảng số 1", parent=branch_a, kind=OrganizationKind.PARTY_GROUP, sector=Sector.WARD)
    make_member(group, party_position="Tổ trưởng tổ đảng", full_name="Vũ Văn Cường")
    make_member(branch_a, status="excused")
    make_member(branch_a)
    make_member(ward_b_like := make_organization(parent=None))  # outside the sub-tree
    context = login(city_staff).get(reverse("organizations:detail", args=[ward_a.pk])).context
    assert [unit.pk for unit in context["page_obj"]] == [branch_a.pk, group.pk]
    (template, panel), (leadership_template, _leadership) = context["panels"]  # the members app's cards
    assert template == "members/includes/_organization_panel.html"
    assert leadership_template == "members/includes/_leadership_panel.html"
    assert panel["total"] == 3
    by_status = {str(label): count for label, count in panel["by_status"]}
    assert by_status["Miễn công tác và sinh hoạt đảng"] == 1
    assert [member.full_name for member in panel["officers"]] == ["Vũ Văn Cường"]
    assert [assignment.user for assignment in context["role_holders"]] == [secretary_a]
    assert ward_b_like.pk not in [unit.pk for unit in context["page_obj"]]


def test_detail_counts_members_for_the_rows_of_its_page_in_the_same_queries_for_any_sub_tree(
    login, city_staff, ward_a, branch_a, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 2
    make_member(branch_a)
    make_member(branch_a)
    client = login(city_staff)
    url = reverse("organizations:detail", args=[ward_a.pk])
    with django_assert_max_num_queries(50) as small:
        context = client.get(url).context
    assert {unit.pk: unit.member_count for unit in context["page_obj"]} == {branch_a.pk: 2}
    for index in range(6):
        make_organization(f"Chi bộ {index}", parent=ward_a, kind=OrganizationKind.BRANCH, sector=Sector.WARD)
    with django_assert_max_num_queries(len(small)):
        context = client.get(url).context
    assert len(context["page_obj"]) == 2 and context["page_obj"].paginator.count == 7
