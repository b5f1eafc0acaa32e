"""The layout's rules: issuing bodies and symbols from the tree, the place and date line, the signer, the Word page."""

import datetime
import io

import pytest

from organizations.models import OrganizationKind
from paperwork import bodies
from paperwork.layout import Header, Paper, Table, Text, to_docx
from paperwork.tests.conftest import docx_text
from tests.factories import make_member, make_organization


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (datetime.date(2025, 2, 5), "Nam Định, ngày 05 tháng 02 năm 2025"),
        (datetime.date(2025, 12, 3), "Nam Định, ngày 03 tháng 12 năm 2025"),
        (datetime.date(2018, 4, 23), "Nam Định, ngày 23 tháng 4 năm 2018"),
        (None, "Nam Định, ngày … tháng … năm 2025"),
    ],
)
def test_the_date_line_writes_small_days_and_the_first_two_months_with_a_leading_zero(day, line):
    assert Header(issuer="x", place="Nam Định", date=day, year=2025).date_line == line


@pytest.mark.django_db
def test_issuing_bodies_symbols_and_place_come_from_the_tree(city, ward_a, branch_a):
    assert [bodies.issuing_body(o) for o in (city, ward_a, branch_a)] == [
        "Thành ủy Nam Định",
        "Đảng ủy phường Trần Hưng Đạo",
        "Chi bộ khu phố 1",
    ]
    assert [bodies.symbol(o) for o in (city, ward_a, branch_a)] == ["TU", "ĐU", "CB"]
    assert {bodies.place(bodies.as_on(datetime.date.today(), o)) for o in (city, ward_a, branch_a)} == {"Nam Định"}
    assert [bodies.authority(o) for o in (city, ward_a, branch_a)] == ["T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ"]
    assert bodies.number(ward_a, "QĐ").replace("\xa0", "") == "Số -QĐ/ĐU"
    assert bodies.number(city, "TB", "201-TB/TU") == "Số 201-TB/TU"
    cell = make_organization("Chi bộ cơ sở Trường Tiểu học", parent=city, kind=OrganizationKind.GRASSROOTS_CELL)
    assert (bodies.issuing_body(cell), bodies.symbol(cell)) == ("Chi bộ cơ sở Trường Tiểu học", "CB")


@pytest.mark.django_db
def test_the_signer_is_the_secretary_of_that_very_organization(city, ward_a, branch_a):
    make_member(branch_a, full_name="Phó Bí Thư", party_position="Phó Bí thư Chi bộ")
    cell_head = make_member(branch_a, full_name="Phạm Thị Ngọc Ánh", party_position="Bí thư Chi bộ")
    ward_head = make_member(branch_a, full_name="Nguyễn Văn Đức", party_position="Bí thư Đảng ủy phường")
    assert bodies.head(branch_a) == cell_head
    assert bodies.head(ward_a) == ward_head
    assert bodies.head(city) is None  # a ward's secretary does not sign for the city committee
    assert bodies.head_signature(ward_a).name == "Nguyễn Văn Đức"


def test_the_word_file_is_a4_with_the_guidances_margins_font_and_page_numbers():
    from docx import Document

    paper = Paper(
        header=Header(issuer="Đảng ủy phường Trần Hưng Đạo", superior="Đảng bộ thành phố Nam Định", place="Nam Định"),
        title="BÁO CÁO",
        blocks=[Text("Nội dung"), Table(("TT", "Họ và tên"), tuple((n, f"Đảng viên {n}") for n in range(1, 4)))],
    )
    content = to_docx([paper, paper])
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    # Word stores twentieths of a point: compare in whole millimetres.
    measures = (section.page_width, section.page_height, section.left_margin, section.right_margin, section.top_margin)
    assert [round(length.mm) for length in measures] == [210, 297, 35, 15, 25]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert len(document.sections) == 2  # each paper on its own pages, numbered from 1
    assert b'w:instr="PAGE"' in document.sections[0].header._element.xml.encode()
    text = docx_text(content)
    assert text.count("ĐẢNG ỦY PHƯỜNG TRẦN HƯNG ĐẠO") == 2
    assert "Đảng viên 3" in text  # rows after the first are copies of its XML with their own text
