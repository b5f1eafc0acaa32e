"""Organization imports: matched by code, superiors from the database or the same file, a move as a transfer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import services
from imports.models import ChangeAction, ImportChange, ImportKind
from imports.tests.helpers import csv_upload
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _run(user, rows):
    batch = services.start(user, ImportKind.ORGANIZATIONS, csv_upload(rows, kind=ImportKind.ORGANIZATIONS))
    batch.refresh_from_db()
    return batch


def test_organizations_are_created_under_superiors_named_later_in_the_file_and_reimport_changes_nothing(
    city_staff, ward_a
):
    rows = [
        ["P-THD-9", "Chi bộ khu phố 9", "Chi bộ trực thuộc", "Phường", "P-THD-X", "01/02/2010"],
        ["P-THD-X", "Đảng bộ bộ phận X", "Đảng bộ bộ phận", "", "P-THD", "01/01/2005"],
    ]
    batch = _run(city_staff, rows)
    assert batch.error_count == 0, batch.report
    assert batch.report["counts"]["create"] == 2
    services.confirm(batch)
    batch.refresh_from_db()
    assert batch.applied_at, batch.error
    nine = Organization.objects.get(code="P-THD-9")
    assert nine.parent.code == "P-THD-X" and nine.path.startswith(ward_a.path)
    assert str(nine.valid_from) == "2010-02-01"
    again = _run(city_staff, rows)
    assert again.report["counts"] == {"create": 0, "update": 0, "unchanged": 2, "transfer": 0}

    rows[0][1] = "Chi bộ khu phố 9 (mới)"
    rows[0][4] = "P-THD"
    moved = _run(city_staff, rows)
    assert moved.report["counts"] == {"create": 0, "update": 1, "unchanged": 1, "transfer": 1}
    services.confirm(moved)
    moved.refresh_from_db()
    assert moved.applied_at, moved.error
    nine.refresh_from_db()
    assert nine.parent == ward_a and nine.name == "Chi bộ khu phố 9 (mới)"
    assert ImportChange.objects.get(batch=moved).action == ChangeAction.TRANSFER


def test_rows_name_the_errors_of_their_cells(city_staff, ward_a, ward_b):
    rows = [
        ["P-THD-8", "Chi bộ 8", "Không có loại này", "", "P-THD", ""],
        ["P-THD-8", "Chi bộ 8 trùng", "Chi bộ trực thuộc", "", "P-THD", ""],
        ["P-THD-7", "Chi bộ 7", "Chi bộ trực thuộc", "", "KHONG-CO", "31/13/2020"],
    ]
    batch = _run(city_staff, rows)
    cells = {(error["row"], error["column"]) for error in batch.report["errors"]}
    assert cells == {(2, "C"), (3, "A"), (4, "E"), (4, "F")}
    assert not Organization.objects.filter(code__in=["P-THD-7", "P-THD-8"]).exists()


def test_a_secretary_may_not_import_organizations(secretary_a):
    from django.core.exceptions import PermissionDenied

    from accounts import access

    with pytest.raises(PermissionDenied):
        access.require_anywhere(secretary_a, "import.organizations")


def test_an_applied_import_refreshes_the_statistics_of_what_it_wrote_and_a_dry_run_does_not(
    city_staff, ward_a, monkeypatch
):
    from imports import engine

    refreshed = []
    monkeypatch.setattr(engine.statistics, "analyze_on_commit", lambda *models: refreshed.append(models))
    batch = _run(city_staff, [["P-THD-7", "Chi bộ khu phố 7", "Chi bộ trực thuộc", "Phường", "P-THD", "01/02/2010"]])
    assert refreshed == []  # the dry run wrote nothing
    services.confirm(batch)
    assert refreshed == [(Organization,)]


def _with_secretary(organization, card):
    """The organization's row as stored, with only the secretary's card number to import."""
    parent = organization.parent.code if organization.parent_id else ""
    return [organization.code, organization.name, organization.get_kind_display(), "", parent, "", card]


def test_secretaries_are_imported_as_the_members_post_found_by_the_invitations_page_and_reimport_changes_nothing(
    client, login, city_staff, ward_a, branch_a
):
    from imports import invitations
    from tests.factories import make_member

    ward_secretary = make_member(branch_a, full_name="Phạm Thị Bí Thư", card_number="77000001")
    branch_secretary = make_member(branch_a, full_name="Đỗ Văn Chi Bộ", card_number="77000002")
    rows = [_with_secretary(ward_a, "77000001"), _with_secretary(branch_a, "77 000 002")]
    batch = _run(city_staff, rows)
    assert batch.error_count == 0, batch.report
    assert batch.report["counts"]["update"] == 2
    diffs = {diff["key"]: diff["changes"] for diff in batch.report["diffs"]}
    assert diffs["P-THD"] == [["Số thẻ đảng viên của bí thư", "", "77000001"]]
    services.confirm(batch)
    batch.refresh_from_db()
    assert batch.applied_at, batch.error
    ward_secretary.refresh_from_db()
    assert ward_secretary.party_position == "Bí thư Đảng bộ phường Trần Hưng Đạo"
    assert invitations.candidates([ward_a, branch_a]) == {ward_a.pk: ward_secretary, branch_a.pk: branch_secretary}
    login(city_staff)
    page = client.get(reverse("imports:secretaries")).content.decode()
    assert "Phạm Thị Bí Thư" in page and "Đỗ Văn Chi Bộ" in page

    assert _run(city_staff, rows).report["counts"]["unchanged"] == 2

    successor = make_member(branch_a, full_name="Vũ Văn Kế Nhiệm", card_number="77000003")
    rows[0][6] = "77000003"
    changed = _run(city_staff, rows)
    assert changed.report["counts"]["update"] == 1
    services.confirm(changed)
    ward_secretary.refresh_from_db()
    assert ward_secretary.party_position == ""
    assert invitations.candidates([ward_a])[ward_a.pk] == successor


def test_a_secretary_column_headed_bi_thu_and_its_errors_by_row_and_column(city_staff, city, ward_a, ward_b, branch_b):
    from tests.factories import make_member, make_organization

    make_member(branch_b, card_number="77000011")
    elsewhere = make_organization("Đảng bộ tỉnh khác", code="KHAC")
    make_member(elsewhere, card_number="77000012")
    in_ward_a = make_member(ward_a, card_number="77000013")
    header = ["Mã", "Tên", "Loại hình", "Bí thư"]
    rows = [
        ["P-THD", ward_a.name, ward_a.get_kind_display(), "77009999"],  # unknown card
        ["P-QT", ward_b.name, ward_b.get_kind_display(), "77000012"],  # outside the importer's reach
        ["P-THD", ward_a.name, ward_a.get_kind_display(), "77000011"],
        ["P-THD-NEW", "Chi bộ mới", "Chi bộ trực thuộc", "77000011"],  # a new organization has no members yet
    ]
    rows[2][0] = "P-QT-2"
    rows[2][1:3] = [branch_b.name, branch_b.get_kind_display()]
    rows[2][3] = in_ward_a.card_number  # not under that branch
    text = "\n".join(",".join(row) for row in [header, *rows]).encode("utf-8-sig")
    upload = SimpleUploadedFile("to-chuc.csv", text)
    batch = services.start(city_staff, ImportKind.ORGANIZATIONS, upload)
    batch.refresh_from_db()
    assert batch.report["mapping"]["columns"][3]["field"].startswith("Số thẻ đảng viên của bí thư")
    errors = {(error["row"], error["column"]): error["message"] for error in batch.report["errors"]}
    assert "77009999" in errors[(2, "D")] and "77000012" in errors[(3, "D")]
    assert "không sinh hoạt tại tổ chức này" in errors[(4, "D")]
    assert "không sinh hoạt tại tổ chức này" in errors[(5, "D")]


def test_the_organizations_template_has_the_secretary_column_and_explains_it():
    import io

    from openpyxl import load_workbook

    from imports.template import template_bytes

    book = load_workbook(io.BytesIO(template_bytes(ImportKind.ORGANIZATIONS, [])))
    data, notes = book.worksheets[0], book.worksheets[1]
    assert "Số thẻ đảng viên của bí thư" in [cell.value for cell in data[1]]
    explained = [row for row in notes.iter_rows(values_only=True) if row[0] == "Số thẻ đảng viên của bí thư"]
    assert explained and "tổ chức trực thuộc" in explained[0][3]
