"""Who may import where: city staff anywhere in reach, a secretary members of their own sub-tree only.

A row naming an organization outside the importer's reach is an error of that
row; the pages answer 403 for a kind the user may not import and 404 for
someone else's import.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import services
from imports.models import ImportKind
from imports.tests.helpers import member_row, xlsx_upload
from members.models import Member
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_a_secretary_cannot_import_members_into_another_ward(secretary_a, branch_a, branch_b):
    rows = [member_row(1, "P-THD-1"), member_row(2, "P-QT-2"), member_row(3, "P-THD")]
    batch = services.start(secretary_a, ImportKind.MEMBERS, xlsx_upload(rows))
    batch.refresh_from_db()
    assert [(error["row"], error["column"]) for error in batch.report["errors"]] == [(3, "G")]
    assert "ngoài phạm vi" in batch.report["errors"][0]["message"]
    assert batch.report["counts"]["create"] == 2
    with pytest.raises(services.DomainError):
        services.confirm(batch)
    assert not Member.objects.exists()


def test_a_secretary_cannot_take_over_a_member_of_another_ward_by_card_number(secretary_a, branch_a, branch_b):
    other = make_member(branch_b, full_name="Lê Văn Bình", card_number="90000001")
    batch = services.start(secretary_a, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    batch.refresh_from_db()
    assert [(error["row"], error["column"]) for error in batch.report["errors"]] == [(2, "D")]
    other.refresh_from_db()
    assert other.organization == branch_b


def test_a_secretary_imports_into_their_own_ward(secretary_a, branch_a):
    batch = services.start(secretary_a, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    batch.refresh_from_db()
    services.confirm(batch)
    assert Member.objects.get().organization == branch_a


def test_pages_answer_403_for_a_kind_one_may_not_import(login, secretary_a, inspector, branch_a):
    client = login(secretary_a)
    assert client.get(reverse("imports:index")).status_code == 200
    assert client.get(reverse("imports:upload", args=["members"])).status_code == 200
    assert client.get(reverse("imports:upload", args=["organizations"])).status_code == 403
    assert client.get(reverse("imports:template", args=["organizations"])).status_code == 403
    assert client.get(reverse("imports:upload", args=["nothing"])).status_code == 404
    inspector_client = login(inspector)
    assert inspector_client.get(reverse("imports:index")).status_code == 403
    assert inspector_client.get(reverse("imports:upload", args=["members"])).status_code == 403


def test_someone_elses_import_is_404(client, city_staff, secretary_a, branch_a):
    batch = services.start(city_staff, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    client.force_login(secretary_a)
    for name in ("imports:batch", "imports:batch_status"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    for name in ("imports:confirm", "imports:check_again"):
        assert client.post(reverse(name, args=[batch.pk])).status_code == 404
    assert not Member.objects.exists()


def test_the_pages_run_a_whole_import(client, city_staff, branch_a):
    client.force_login(city_staff)
    template = client.get(reverse("imports:template", args=["members"]))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    upload = SimpleUploadedFile("dang-vien.xlsx", xlsx_upload([member_row(1, "P-THD-1")]).read())
    response = client.post(reverse("imports:upload", args=["members"]), {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Xác nhận và ghi" in page.content.decode()
    batch = page.context["batch"]
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Đã ghi lúc" in response.content.decode()
    assert Member.objects.get().card_number == "90000001"


def test_a_refused_file_shows_its_message_next_to_the_field(client, city_staff):
    client.force_login(city_staff)
    response = client.post(reverse("imports:upload", args=["members"]), {"file": SimpleUploadedFile("a.xlsx", b"x")})
    assert response.status_code == 200
    assert "kiểm tra nội dung tệp" in str(response.context["form"].errors["file"])
