"""Member imports: the dry run reports every error by cell and writes nothing; confirming writes all or nothing;
the same file twice changes nothing; a corrected file updates only its changed rows and records a transfer."""

import datetime

import pytest

from imports import services
from imports.models import ChangeAction, ImportBatch, ImportChange, ImportKind
from imports.tests.helpers import csv_upload, member_row, xlsx_upload
from members.models import Member, Membership
from tests.refusals import stored_rows

pytestmark = pytest.mark.django_db


def _check(user, upload, kind=ImportKind.MEMBERS):
    batch = services.start(user, kind, upload)
    batch.refresh_from_db()
    return batch


def _write(batch):
    services.confirm(batch)
    batch.refresh_from_db()
    return batch


def test_a_clean_file_is_checked_then_written_and_the_same_file_again_changes_nothing(city_staff, branch_a):
    rows = [member_row(number, "P-THD-1") for number in range(1, 31)]
    batch = _check(city_staff, xlsx_upload(rows))
    assert batch.error_count == 0, batch.report
    assert batch.report["counts"] == {"create": 30, "update": 0, "unchanged": 0, "transfer": 0}
    assert not Member.objects.exists()  # the dry run writes nothing
    assert [item["field"] for item in batch.report["mapping"]["columns"]][:2] == ["Họ và tên *", "Ngày sinh *"]

    batch = _write(batch)
    assert batch.applied_at is not None and batch.status == "done", batch.error
    assert Member.objects.count() == 30
    assert Membership.objects.filter(end__isnull=True, organization=branch_a).count() == 30
    assert ImportChange.objects.filter(batch=batch, action=ChangeAction.CREATE).count() == 30
    hoa = Member.objects.get(card_number="90000001")
    assert hoa.search_text == "nguyen van thu 1 90000001"
    assert hoa.citizen_id == "036000000001"

    again = _check(city_staff, xlsx_upload(rows))
    assert again.report["counts"] == {"create": 0, "update": 0, "unchanged": 30, "transfer": 0}
    before = stored_rows()
    services.confirm(again)
    again.refresh_from_db()
    assert again.applied_at is not None
    after = stored_rows()
    # Only the batch's own row differs: no member, period or change was written.
    assert {label for label in before if before[label] != after[label]} == {"imports.ImportBatch"}


def test_a_corrected_file_updates_exactly_the_changed_rows_and_records_a_transfer(city_staff, branch_a, ward_a):
    rows = [member_row(number, "P-THD-1") for number in range(1, 11)]
    _write(_check(city_staff, xlsx_upload(rows)))
    corrected = list(rows)
    corrected[2] = member_row(3, "P-THD-1", party_position="Bí thư chi bộ", phone="0912345678")
    corrected[5] = member_row(6, "P-THD")  # moved to the ward itself
    batch = _check(city_staff, xlsx_upload(corrected))
    assert batch.report["counts"] == {"create": 0, "update": 2, "unchanged": 8, "transfer": 1}
    shown = {diff["key"]: diff["changes"] for diff in batch.report["diffs"]}
    assert set(shown) == {"90000003", "90000006"}
    assert ["Chức vụ đảng", "", "Bí thư chi bộ"] in shown["90000003"]
    assert ["Mã tổ chức *", "P-THD-1", "P-THD"] in shown["90000006"]
    untouched = dict(Member.objects.exclude(card_number__in=["90000003", "90000006"]).values_list("pk", "updated_at"))

    batch = _write(batch)
    assert batch.applied_at is not None, batch.error
    assert Member.objects.get(card_number="90000003").party_position == "Bí thư chi bộ"
    moved = Member.objects.get(card_number="90000006")
    assert moved.organization == ward_a
    periods = list(moved.memberships.order_by("start").values_list("organization__code", "end"))
    assert periods == [("P-THD-1", datetime.date.today()), ("P-THD", None)]
    actions = dict(ImportChange.objects.filter(batch=batch).values_list("key", "action"))
    assert actions == {"90000003": ChangeAction.UPDATE, "90000006": ChangeAction.TRANSFER}
    assert dict(Member.objects.exclude(card_number__in=["90000003", "90000006"]).values_list("pk", "updated_at")) == (
        untouched
    )


def _planted(rows):
    """50 rows each with one planted error: (row index in the file, column letter, fragment of the message)."""
    kinds = [
        ("date_of_birth", "31/02/1980", "B", "không phải là ngày hợp lệ"),
        ("organization_code", "KHONG-CO", "G", "không có hoặc ngoài phạm vi"),
        ("full_membership_date", datetime.date(1999, 1, 1), "F", "trước ngày vào Đảng"),
        ("date_of_birth", datetime.date(1995, 1, 1), "B", None),  # admitted before 18: the admission date's error
        ("status", "Đang nghỉ hưu", "M", "không phải là một trong"),
        ("sex", "Khác", "C", "không phải là một trong"),
        ("full_name", "", "A", "bắt buộc"),
        ("card_number", "90000001", "D", "đã có ở dòng"),  # duplicate of row 2 of the file
        ("citizen_id", "12345", "O", "12 chữ số"),
        ("email", "khong-phai-email", "Q", "thư điện tử"),
    ]
    expected = set()
    for index in range(50):
        key, value, letter, _fragment = kinds[index % len(kinds)]
        number = 100 + index
        changes = {key: value}
        if key == "date_of_birth" and value == datetime.date(1995, 1, 1):
            changes["admission_date"] = datetime.date(2010, 1, 1)
            letter = "E"
        rows.append(member_row(number, changes.pop("organization_code", "P-THD-1"), **changes))
        expected.add((len(rows) + 1, letter))
    return expected


def test_a_file_with_50_planted_errors_reports_exactly_those_cells_and_writes_nothing(city_staff, branch_a):
    rows = [member_row(number, "P-THD-1") for number in range(1, 21)]
    expected = _planted(rows)
    rows += [member_row(number, "P-THD-1") for number in range(200, 220)]
    before = stored_rows()
    batch = _check(city_staff, xlsx_upload(rows))
    found = {(error["row"], error["column"]) for error in batch.report["errors"]}
    assert batch.error_count == 50
    assert found == expected
    assert all(error["sheet"] == "Dữ liệu" and error["message"] for error in batch.report["errors"])
    assert not batch.can_confirm
    with pytest.raises(services.DomainError):
        services.confirm(batch)
    after = stored_rows()
    assert {label for label in before if before[label] != after[label]} == {"imports.ImportBatch"}


def test_headers_are_matched_leniently_and_other_columns_ignored(city_staff, branch_a):
    upload = csv_upload([member_row(1, "P-THD-1")])
    text = upload.read().decode("utf-8-sig").replace("Họ và tên *", "HO VA  TEN")
    text = text.replace("Ngày sinh *", "ngày sinh (dd/mm/yyyy)")
    text = text.replace("\r\n", ",Ghi chú\r\n", 1)
    upload = type(upload)("a.csv", text.encode("utf-8"))
    batch = _check(city_staff, upload)
    assert batch.error_count == 0, batch.report
    columns = {item["header"]: item["field"] for item in batch.report["mapping"]["columns"]}
    assert columns["HO VA TEN"] == "Họ và tên *"
    assert columns["ngày sinh (dd/mm/yyyy)"] == "Ngày sinh *"
    assert batch.report["mapping"]["ignored"] == ["Ghi chú"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_files_in_utf8_with_or_without_bom_and_windows_1258_read_alike(city_staff, branch_a, encoding):
    batch = _check(city_staff, csv_upload([member_row(1, "P-THD-1", full_name="Đặng Thị Ơn")], encoding=encoding))
    assert batch.error_count == 0, batch.report
    _write(batch)
    assert Member.objects.get().full_name == "Đặng Thị Ơn"


def test_a_csv_in_an_unknown_encoding_is_refused_with_a_clear_message(city_staff, branch_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    batch = _check(city_staff, SimpleUploadedFile("a.csv", "Họ và tên\n".encode("utf-16-le").replace(b"\x00", b"\x81")))
    assert "CSV UTF-8" in batch.report["file_error"]


def test_confirming_after_the_data_changed_writes_nothing(city_staff, branch_a):
    batch = _check(city_staff, xlsx_upload([member_row(1, "P-THD-1")]))
    Member.objects.bulk_create([])  # nothing yet
    from tests.factories import make_member

    make_member(branch_a, full_name="Người mới")
    batch = _write(batch)
    assert batch.status == "failed" and batch.applied_at is None
    assert "thay đổi" in batch.error
    assert not Member.objects.filter(card_number="90000001").exists()
    assert ImportBatch.objects.get(pk=batch.pk).stage == "apply"
