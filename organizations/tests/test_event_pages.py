"""The restructuring events' pages: the form, its confirmation, the refusal in Vietnamese, the lineage page, access."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from members.models import Member
from organizations import services
from organizations.models import LineageLink, Organization, OrganizationEvent
from tests.factories import make_member, make_user
from tests.refusals import stored_rows

BASIS = {"basis_number": "1674/NQ-UBTVQH15", "basis_date": "16/06/2025", "basis_issuer": "Ủy ban Thường vụ Quốc hội"}


@pytest.fixture
def staff(login, city_staff):
    return login(city_staff)


def _merge_data(ward_b, city, **extra):
    data = {
        "others": [ward_b.pk],
        "successor": "",
        "new_name": "Đảng bộ phường Nam Định",
        "new_code": "P-ND",
        "parent": city.pk,
        "on_date": "01/07/2025",
        **BASIS,
    }
    return {**data, **extra}


def test_a_merger_is_shown_for_confirmation_before_anything_is_stored(staff, city, ward_a, ward_b, branch_a):
    before = stored_rows()
    response = staff.post(reverse("organizations:merge", args=[ward_a.pk]), _merge_data(ward_b, city))
    assert response.status_code == 200 and response.context["confirming"]
    content = response.content.decode()
    assert "Kiểm tra trước khi ghi nhận" in content and "Đảng bộ phường Nam Định (thành lập mới)" in content
    assert stored_rows() == before


def test_a_confirmed_merger_is_recorded_and_leads_to_the_history_page(staff, city, ward_a, ward_b, branch_a):
    response = staff.post(
        reverse("organizations:merge", args=[ward_a.pk]), _merge_data(ward_b, city, confirmed="1"), follow=True
    )
    successor = Organization.objects.get(code="P-ND")
    assert response.redirect_chain[-1][0] == reverse("organizations:history", args=[successor.pk])
    assert set(successor.predecessor_links.values_list("predecessor", flat=True)) == {ward_a.pk, ward_b.pk}
    assert "Đã ghi nhận việc hợp nhất." in response.content.decode()


def test_a_merger_refused_by_the_rules_shows_the_vietnamese_message_and_stores_nothing(staff, city, ward_a, ward_b):
    before = stored_rows()
    data = _merge_data(ward_b, city, confirmed="1", on_date="01/01/2000", basis_date="01/01/2000")
    response = staff.post(reverse("organizations:merge", args=[ward_a.pk]), data)
    assert response.status_code == 200 and not response.context["confirming"]
    assert "không được trước ngày Đảng bộ phường Trần Hưng Đạo được thành lập" in response.content.decode()
    assert stored_rows() == before


def test_a_merger_without_a_successor_is_refused_next_to_the_field(staff, city, ward_a, ward_b):
    before = stored_rows()
    data = _merge_data(ward_b, city, new_name="", new_code="", confirmed="1")
    response = staff.post(reverse("organizations:merge", args=[ward_a.pk]), data)
    assert "Chọn tổ chức được hợp nhất vào" in " ".join(response.context["form"].errors["successor"])
    assert stored_rows() == before


def test_the_split_form_asks_where_each_item_goes_and_refuses_an_unassigned_one(staff, city, ward_a, branch_a):
    member = make_member(ward_a, full_name="Phạm Văn Bí Thư")
    url = reverse("organizations:split", args=[ward_a.pk])
    data = {
        "new_successors": "P-DA | Đảng bộ phường Đông A\nP-TT | Đảng bộ phường Thiên Trường",
        "on_date": "01/07/2025",
    }
    data.update(BASIS)
    response = staff.post(url, data)
    form = response.context["form"]
    assert not response.context["confirming"]
    assert {f"children_{branch_a.pk}", f"members_{member.pk}"} <= set(form.fields)
    before = stored_rows()
    # The member is left unassigned: confirmed, the split is refused next to that member.
    response = staff.post(url, {**data, "assigning": "1", f"children_{branch_a.pk}": "0", "confirmed": "1"})
    assert "Phạm Văn Bí Thư" in " ".join(response.context["form"].errors[f"members_{member.pk}"])
    assert "chưa được giao cho tổ chức kế tục nào" in response.content.decode()
    assert stored_rows() == before
    assigned = {**data, "assigning": "1", f"children_{branch_a.pk}": "0", f"members_{member.pk}": "1"}
    assert staff.post(url, {**assigned, "confirmed": "1"}).status_code == 302
    assert Member.objects.get(pk=member.pk).organization.code == "P-TT"
    assert Organization.objects.get(pk=branch_a.pk).parent.code == "P-DA"


def test_the_lineage_page_shows_predecessors_and_successors_with_dates_and_legal_basis(
    login, city_staff, city, ward_a, ward_b
):
    basis = services.Basis("1674/NQ-UBTVQH15", datetime.date(2025, 6, 16), "Ủy ban Thường vụ Quốc hội")
    successor = services.merge([ward_a], ward_b, datetime.date(2025, 7, 1), basis).subject
    client = login(city_staff)
    content = client.get(reverse("organizations:history", args=[successor.pk])).content.decode()
    assert "Lịch sử tổ chức" in content
    assert "Hình thành từ" in content and ward_a.name in content
    assert "01/07/2025" in content and "1674/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội" in content
    content = client.get(reverse("organizations:detail", args=[ward_a.pk])).content.decode()
    assert "Trở thành" in content and reverse("organizations:detail", args=[ward_b.pk]) in content
    assert "Hợp nhất" in content


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("secretary_a", 403), ("secretary_b", 404), ("inspector", 403)],
)
def test_only_those_who_change_the_tree_record_an_event(request, login, city, ward_a, ward_b, actor, expected):
    client = login(request.getfixturevalue(actor))
    before = stored_rows()
    response = client.post(reverse("organizations:merge", args=[ward_a.pk]), _merge_data(ward_b, city, confirmed="1"))
    assert response.status_code == expected
    assert stored_rows() == before
    assert not OrganizationEvent.objects.exists() and not LineageLink.objects.exists()


def test_a_ward_secretary_reads_the_history_page_of_the_own_ward_only(login, ward_a, ward_b):
    client = login(make_user("bithu_lichsu", Role.SECRETARY, ward_a))
    assert client.get(reverse("organizations:history", args=[ward_a.pk])).status_code == 200
    assert client.get(reverse("organizations:history", args=[ward_b.pk])).status_code == 404


def test_the_legal_basis_links_to_its_document_in_the_register(login, city_staff, city, ward_a, ward_b):
    from documents.models import Document, DocumentType

    day = datetime.date(2025, 6, 20)
    document = Document.objects.create(
        organization=city, number="12-QĐ/TU", kind=DocumentType.NOTICE, issuing_body="Thành ủy", issued_on=day,
        title="Quyết định hợp nhất",
    )  # fmt: skip
    services.merge([ward_a], ward_b, datetime.date(2025, 7, 1), services.Basis("12-QĐ/TU", day, "Thành ủy"))
    content = login(city_staff).get(reverse("organizations:history", args=[ward_b.pk])).content.decode()
    assert f'href="{reverse("documents:detail", args=[document.pk])}"' in content


def test_the_event_pages_of_a_closed_organization_lead_back_to_its_history(staff, ward_a, ward_b):
    services.close_organization(ward_a, datetime.date(2025, 7, 1), successor=ward_b)
    before = list(Organization.objects.order_by("pk").values()), OrganizationEvent.objects.count()
    response = staff.post(reverse("organizations:rename", args=[ward_a.pk]), {"name": "Tên mới"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("organizations:history", args=[ward_a.pk])
    assert "Đảng bộ phường Trần Hưng Đạo đã kết thúc hoạt động." in response.content.decode()
    assert (list(Organization.objects.order_by("pk").values()), OrganizationEvent.objects.count()) == before
