"""The Excel writer: headers, real dates, frozen header row, widths, streaming."""

import datetime
import io

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from openpyxl import load_workbook

from core.exports import Column, excel_value, write_xlsx, xlsx_response
from organizations.models import Organization


def _read(buffer):
    buffer.seek(0)
    return load_workbook(buffer).active


class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


COLUMNS = (
    Column("Họ tên", "name"),
    Column("Ngày", "day"),
    Column("Tổ chức cấp trên", "parent.name"),
    Column("Tính", lambda row: row.number * 2, width=9),
)


def test_rows_are_written_under_a_bold_frozen_header():
    buffer = io.BytesIO()
    rows = [Row(name="Trần Thị Hoa", day=datetime.date(2017, 12, 31), parent=None, number=21)]
    assert write_xlsx(buffer, rows, COLUMNS, title="Đảng viên") == 1
    sheet = _read(buffer)
    assert sheet.title == "Đảng viên"
    assert [cell.value for cell in sheet[1]] == ["Họ tên", "Ngày", "Tổ chức cấp trên", "Tính"]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[2]] == ["Trần Thị Hoa", datetime.datetime(2017, 12, 31), None, 42]


# "name" comes from Django's own catalog, so this does not depend on any app's translations
# (a variable, so that makemessages does not copy it into core's catalog).
DJANGO_MSGID = "name"


@pytest.mark.parametrize(("language", "header"), [("vi", "Tên"), ("en", "name")])
def test_headers_are_translated_in_the_active_language(language, header):
    buffer = io.BytesIO()
    with override(language):
        write_xlsx(buffer, [], [Column(_(DJANGO_MSGID), "name")])
    assert _read(buffer)["A1"].value == header


def test_dates_are_real_excel_dates_shown_day_month_year():
    buffer = io.BytesIO()
    write_xlsx(buffer, [Row(name="x", day=datetime.date(2024, 2, 29), parent=None, number=0)], COLUMNS)
    cell = _read(buffer)["B2"]
    assert cell.is_date
    assert cell.value.date() == datetime.date(2024, 2, 29)
    assert cell.number_format == "DD/MM/YYYY"


def test_aware_datetimes_are_written_in_local_time():
    # 17:30 UTC is 00:30 the next day in Hà Nội.
    moment = datetime.datetime(2024, 12, 31, 17, 30, tzinfo=datetime.UTC)
    value, number_format = excel_value(moment)
    assert value == datetime.datetime(2025, 1, 1, 0, 30)
    assert number_format == "DD/MM/YYYY HH:MM"
    assert timezone.is_naive(value)


def test_columns_get_their_declared_or_a_sensible_width():
    buffer = io.BytesIO()
    write_xlsx(buffer, [], COLUMNS)
    sheet = _read(buffer)
    assert sheet.column_dimensions["D"].width == 9
    # "Tổ chức cấp trên" is 16 characters: the column fits it.
    assert sheet.column_dimensions["C"].width >= 16


def test_control_characters_are_dropped_instead_of_breaking_the_file():
    buffer = io.BytesIO()
    write_xlsx(buffer, [Row(name="a\x07b", day=None, parent=None, number=1)], COLUMNS)
    assert _read(buffer)["A2"].value == "ab"


def test_progress_is_reported_every_chunk_and_at_the_end():
    seen = []
    rows = [Row(name=str(i), day=None, parent=None, number=i) for i in range(7)]
    write_xlsx(io.BytesIO(), rows, COLUMNS, on_progress=seen.append, every=3)
    assert seen == [3, 6, 7]


@pytest.mark.django_db
def test_a_queryset_is_read_in_chunks_with_iterator(city, ward_a, ward_b, django_assert_num_queries):
    buffer = io.BytesIO()
    queryset = Organization.objects.order_by("path")
    # SQLite and PostgreSQL both stream in chunks; either way one SELECT per chunk at most here.
    with django_assert_num_queries(1):
        written = write_xlsx(buffer, queryset, [Column("Tên", "name"), Column("Mã", "code")], chunk_size=2)
    assert written == 3
    sheet = _read(buffer)
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["TU", "P-THD", "P-QT"]


def test_the_response_is_an_xlsx_attachment_with_a_vietnamese_file_name():
    response = xlsx_response([], COLUMNS, "đảng-viên.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''%C4%91%E1%BA%A3ng-vi%C3%AAn.xlsx" in response["Content-Disposition"]
    assert _read(io.BytesIO(response.content))["A1"].value == "Họ tên"
