"""Bad files: each gets a clear Vietnamese message, nothing is written, and memory stays bounded."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.errors import DomainError
from imports import services
from imports.models import ImportBatch, ImportKind
from imports.template import columns_of
from imports.tests.helpers import member_row, xlsx_upload
from members.models import Member
from tests.refusals import stored_rows

pytestmark = pytest.mark.django_db


def _refused_upload(user, upload, fragment):
    before = stored_rows()
    with pytest.raises(DomainError) as refused:
        services.start(user, ImportKind.MEMBERS, upload)
    assert fragment in str(refused.value.message)
    assert refused.value.field == "file"
    assert stored_rows() == before


def _file_error(user, upload):
    batch = services.start(user, ImportKind.MEMBERS, upload)
    batch.refresh_from_db()
    assert batch.error_count == 1 and not batch.can_confirm
    assert not Member.objects.exists()
    return batch.report["file_error"]


def test_an_empty_file_is_refused(city_staff):
    _refused_upload(city_staff, SimpleUploadedFile("dang-vien.xlsx", b""), "rỗng")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("dang-vien.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),  # a PDF renamed
        ("dang-vien.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # a program renamed
        ("dang-vien.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),  # an image renamed
        ("dang-vien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),  # the old Excel format
    ],
)
def test_a_file_whose_content_is_not_its_name_is_refused(city_staff, name, content):
    _refused_upload(city_staff, SimpleUploadedFile(name, content), "kiểm tra nội dung tệp")


def test_a_csv_named_xlsx_is_refused(city_staff):
    upload = SimpleUploadedFile("a.xlsx", "Họ và tên,Ngày sinh\n".encode())
    _refused_upload(city_staff, upload, "không phải là tệp Excel")


def test_a_50_mb_file_is_refused_before_it_is_read(city_staff):
    _refused_upload(city_staff, SimpleUploadedFile("lon.csv", b"a" * (50 * 1024 * 1024)), "tối đa")


def _workbook_bytes(fill):
    workbook = Workbook()
    fill(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet):
    sheet.append([column.title for column in columns_of(ImportKind.MEMBERS)])


def test_a_cell_with_a_formula_is_an_error_of_that_cell(city_staff, branch_a):
    def fill(sheet):
        _header(sheet)
        sheet.append(member_row(1, "P-THD-1"))
        sheet.append(member_row(2, "P-THD-1", full_name='=CONCATENATE("Nguyễn"," Văn A")'))

    batch = services.start(city_staff, ImportKind.MEMBERS, SimpleUploadedFile("a.xlsx", _workbook_bytes(fill)))
    batch.refresh_from_db()
    assert [(error["row"], error["column"]) for error in batch.report["errors"]] == [(3, "A")]
    assert "công thức" in batch.report["errors"][0]["message"]
    assert not Member.objects.exists()


def test_merged_header_cells_are_refused(city_staff, branch_a):
    def fill(sheet):
        _header(sheet)
        sheet.merge_cells("B1:C1")
        sheet.append(member_row(1, "P-THD-1"))

    message = _file_error(city_staff, SimpleUploadedFile("a.xlsx", _workbook_bytes(fill)))
    assert "B1:C1" in message and "gộp" in message


def test_a_sheet_of_1000_columns_is_refused(city_staff, branch_a):
    def fill(sheet):
        sheet.append([column.title for column in columns_of(ImportKind.MEMBERS)] + [f"Cột {n}" for n in range(1000)])
        sheet.append(member_row(1, "P-THD-1"))

    assert "hơn 100 cột" in _file_error(city_staff, SimpleUploadedFile("a.xlsx", _workbook_bytes(fill)))


def test_a_sheet_without_the_required_columns_names_them(city_staff):
    def fill(sheet):
        sheet.append(["Họ và tên", "Ngày sinh", "Ghi chú"])
        sheet.append(["Nguyễn Văn A", "01/01/1980", ""])

    message = _file_error(city_staff, SimpleUploadedFile("a.xlsx", _workbook_bytes(fill)))
    assert "Thiếu các cột bắt buộc" in message and "Số thẻ đảng viên *" in message


def test_a_template_with_headers_only_has_no_rows(city_staff):
    batch = services.start(city_staff, ImportKind.MEMBERS, xlsx_upload([]))
    batch.refresh_from_db()
    assert batch.report["rows"] == 0 and batch.report["counts"]["create"] == 0


def _bomb(megabytes):
    """An .xlsx-looking zip whose sheet is ``megabytes`` of zeros: a few kilobytes on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(block)
    return buffer.getvalue()


@pytest.mark.parametrize("megabytes", [8, 500])
def test_a_zip_bomb_disguised_as_xlsx_is_refused_in_bounded_memory(city_staff, megabytes):
    content = _bomb(megabytes)
    assert len(content) < 1024 * 1024
    before = stored_rows()
    tracemalloc.start()
    try:
        with pytest.raises(DomainError) as refused:
            services.start(city_staff, ImportKind.MEMBERS, SimpleUploadedFile("dang-vien.xlsx", content))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "từ chối mà không mở tệp" in str(refused.value.message)
    assert peak < 20 * 1024 * 1024
    assert stored_rows() == before
    assert not ImportBatch.objects.exists()
