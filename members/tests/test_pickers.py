"""The member and organization pickers (``core.widgets``): scoped, diacritic-insensitive endpoints and
forms that validate what was picked (with the script) or typed (without it)."""

import pytest
from django.urls import reverse

from directives.forms import ProposalForm
from members.forms import MemberFilterForm, MemberForm
from organizations.models import OrganizationKind
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


def _lookup(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.json()["results"]


def test_member_lookup_never_offers_another_wards_member(login, secretary_a, member_a, member_b, ward_b):
    make_member(member_b.organization, full_name="Trần Thị Hoa")  # the same name in the other ward
    client = login(secretary_a)
    results = _lookup(client, "members:lookup", q="Hoa")
    assert [r["id"] for r in results] == [member_a.pk]
    assert _lookup(client, "members:lookup", q="Bình") == []
    # Asking within the other ward's tree gives nothing either.
    assert _lookup(client, "members:lookup", q="Hoa", within=ward_b.pk) == []


def test_member_lookup_ignores_diacritics_and_case_and_shows_position_and_parent(login, secretary_a, branch_a):
    member = make_member(branch_a, full_name="Đặng Quốc Đức", party_position="Phó Bí thư chi bộ")
    client = login(secretary_a)
    for text in ("dang quoc duc", "ĐẶNG ĐỨC", "duc  dang", "Đặng Quốc"):
        results = _lookup(client, "members:lookup", q=text)
        assert [r["id"] for r in results] == [member.pk], text
    (result,) = _lookup(client, "members:lookup", q="duc")
    assert result["label"] == "Đặng Quốc Đức"
    assert result["detail"] == "Phó Bí thư chi bộ · Chi bộ khu phố 1 — Đảng bộ phường Trần Hưng Đạo"


def test_member_lookup_needs_a_login(client, member_a):
    response = client.get(reverse("members:lookup"), {"q": "Hoa"})
    assert response.status_code == 302


def test_member_lookup_is_bounded(login, secretary_a, branch_a):
    for _ in range(25):
        make_member(branch_a, full_name="Phạm Văn Nam")
    response = login(secretary_a).get(reverse("members:lookup"), {"q": "nam"}).json()
    assert len(response["results"]) == 20 and response["more"]


def test_organization_lookup_is_scoped_and_shows_the_superior(login, secretary_a, branch_a, branch_b, ward_a):
    client = login(secretary_a)
    results = _lookup(client, "organizations:lookup", q="chi bo khu pho")
    assert [r["id"] for r in results] == [branch_a.pk]
    assert results[0]["detail"].startswith("Đảng bộ phường Trần Hưng Đạo")
    assert results[0]["choice"] == "Chi bộ khu phố 1 — Đảng bộ phường Trần Hưng Đạo"
    # The filters of a form (here: not this sub-tree) are applied on top of the scope.
    assert _lookup(client, "organizations:lookup", q="khu pho", exclude=ward_a.pk) == []
    # An unknown permission name is dropped, not an error.
    assert _lookup(client, "organizations:lookup", q="khu pho", perm="nonsense") == results


def test_the_member_form_renders_the_chosen_organization_only(secretary_a, member_a, ward_a):
    for number in range(30):
        make_organization(f"Chi bộ tổ {number}", parent=ward_a, kind=OrganizationKind.BRANCH)
    html = MemberForm(instance=member_a, user=secretary_a, organization=member_a.organization).as_p()
    assert "<option" not in html.split('name="sex"')[0]  # no organization <option> before the next field
    assert 'value="Chi bộ khu phố 1 — Đảng bộ phường Trần Hưng Đạo"' in html
    assert 'role="combobox"' in html and 'data-autocomplete-url="/organizations/lookup/?perm=member.change' in html


def test_a_picked_organization_of_another_ward_is_refused(secretary_a, member_a, branch_b):
    form = MemberFilterForm({"organization": str(branch_b.pk)}, user=secretary_a)
    assert not form.is_valid() and "organization" in form.errors


def test_without_the_script_a_typed_name_is_resolved(secretary_a, branch_a, member_a):
    form = MemberFilterForm({"organization": "", "organization__text": "chi bo khu pho 1"}, user=secretary_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organization"] == branch_a


def test_without_the_script_an_ambiguous_or_unknown_name_is_refused(secretary_a, ward_a, branch_a):
    make_organization("Chi bộ khu phố 10", parent=ward_a, kind=OrganizationKind.BRANCH)
    form = MemberFilterForm({"organization__text": "khu pho"}, user=secretary_a)
    assert not form.is_valid()
    assert "Nhiều lựa chọn" in form.errors["organization"][0]
    form = MemberFilterForm({"organization__text": "không có"}, user=secretary_a)
    assert not form.is_valid()
    assert "Không có lựa chọn" in form.errors["organization"][0]


def test_an_unchanged_text_keeps_the_chosen_one_and_an_emptied_box_clears_it(secretary_a, branch_a):
    label = "Chi bộ khu phố 1 — Đảng bộ phường Trần Hưng Đạo"
    form = MemberFilterForm({"organization": str(branch_a.pk), "organization__text": label}, user=secretary_a)
    assert form.is_valid() and form.cleaned_data["organization"] == branch_a
    form = MemberFilterForm({"organization": str(branch_a.pk), "organization__text": ""}, user=secretary_a)
    assert form.is_valid() and form.cleaned_data["organization"] is None


def test_multiple_picker_keeps_the_ticked_and_adds_the_typed(city_staff, city, ward_a, ward_b):
    data = {"organizations": [str(ward_a.pk)], "organizations__text": "quang trung"}
    form = ProposalForm(data, user=city_staff)
    form.is_valid()
    assert set(form.cleaned_data["organizations"]) == {ward_a, ward_b}


def test_member_list_shows_the_branchs_superior(login, secretary_a, member_a):
    html = login(secretary_a).get(reverse("members:list")).content.decode()
    assert "Chi bộ khu phố 1" in html
    assert "Đảng bộ phường Trần Hưng Đạo</div>" in html


def test_lookup_lists_the_whole_phrase_first(login, secretary_a, ward_a):
    make_organization("Chi bộ Tổ dân phố số 6", parent=ward_a, kind=OrganizationKind.BRANCH, code="TDP-8-6")
    wanted = make_organization("Chi bộ Tổ dân phố số 8", parent=ward_a, kind=OrganizationKind.BRANCH, code="TDP-8")
    results = _lookup(login(secretary_a), "organizations:lookup", q="to dan pho so 8")
    assert results[0]["id"] == wanted.pk and len(results) == 2


def test_a_hostile_id_is_an_invalid_choice_not_a_server_error(secretary_a, member_a, city_staff):
    for value in ("9" * 40, "²", "\x00"):
        form = MemberFilterForm({"organization": value, "organization__text": "x"}, user=secretary_a)
        assert not form.is_valid() and "organization" in form.errors, value
        form = ProposalForm({"members": [value]}, user=city_staff)
        assert not form.is_valid() and "members" in form.errors, value


def test_a_form_sent_back_with_errors_keeps_the_chosen_member_and_the_typed_text(secretary_a, member_a, ward_a):
    from members.forms import SeatForm
    from members.models import BodyKind, LeadershipBody

    body = LeadershipBody.objects.create(organization=ward_a, kind=BodyKind.EXECUTIVE, name="Đảng ủy phường")
    form = SeatForm({"member": member_a.pk, "member__text": member_a.full_name}, user=secretary_a, body=body)
    assert not form.is_valid()  # no title, no start
    html = str(form["member"])
    assert f'value="{member_a.pk}"' in html and f'value="{member_a}"' in html
    form = SeatForm({"member__text": "không ai"}, user=secretary_a, body=body)
    assert not form.is_valid() and "member" in form.errors
    assert 'value="không ai"' in str(form["member"])
