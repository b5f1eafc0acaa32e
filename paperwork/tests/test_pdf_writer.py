"""The PDF writer: WeasyPrint set up once, voting slips laid out once, tables within the page, rows kept whole."""

import io
import os
import unicodedata
import zipfile

import pytest
import weasyprint
import weasyprint.text.fonts
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from paperwork import files, layout
from paperwork.content import reviews
from paperwork.layout import Header, Paper, Table, Text
from paperwork.pdf_writer import PdfWriter, copies_of_one

LEVELS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ")


def _slips(copies, candidates=30):
    """A voting slip of ``candidates`` names (two pages with 30) once per voter, as reviews.member_slips makes it."""
    table = Table(
        ("STT", "Họ và tên", *LEVELS),
        tuple((n, f"Nguyễn Thị Hồng Nhung {n}", "", "", "", "") for n in range(1, candidates + 1)),
        widths=(1, 5, 2, 2, 2, 2),
    )
    header = Header(issuer="Đảng ủy phường Vị Hoàng", superior="Thành ủy Nam Định", place="Nam Định", year=2025)
    return [
        Paper(
            header=header,
            title="PHIẾU BIỂU QUYẾT",
            subtitle="Xếp loại chất lượng đảng viên năm 2025",
            note=f"Phiếu số {number}/{copies}",
            blocks=[Text("Đánh dấu X vào một mức xếp loại của mỗi đồng chí.", italic=True), table],
        )
        for number in range(1, copies + 1)
    ]


def _pages(content):
    return [unicodedata.normalize("NFC", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture(scope="module")
def writer():
    return PdfWriter()


def _count_calls(monkeypatch, cls):
    calls = []
    original = cls.__init__

    def counting(self, *args, **kwargs):
        calls.append(cls)
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", counting)
    return calls


def test_one_writer_sets_weasyprint_up_once_for_all_its_documents(monkeypatch):
    fonts = _count_calls(monkeypatch, weasyprint.text.fonts.FontConfiguration)
    stylesheets = _count_calls(monkeypatch, weasyprint.CSS)
    writer = PdfWriter()
    assert (len(fonts), len(stylesheets)) == (1, 2)  # the @font-face rules and papers.css
    for copies in (1, 1, 2):
        assert _pages(layout.render(_slips(copies, candidates=3), "pdf", writer))
    assert (len(fonts), len(stylesheets)) == (1, 2)
    # A document printed on its own (a web request) uses its thread's writer, made once.
    layout.render(_slips(1, candidates=3), "pdf")
    made = (len(fonts), len(stylesheets))
    assert made in ((1, 2), (2, 4))  # the thread's writer may exist already
    layout.render(_slips(1, candidates=3), "pdf")
    assert (len(fonts), len(stylesheets)) == made


def _who_renders(papers):
    return f"{os.getpid()} {id(files._worker_writer)}".encode()


def test_the_whole_file_is_rendered_in_two_worker_processes_each_with_one_writer(world, monkeypatch):
    # Forked workers inherit this module's replacement of the render function: each says who rendered.
    monkeypatch.setattr(files, "_render_pdf", _who_renders)
    buffer = io.BytesIO()
    count = files.write_zip(buffer, world["ward_review"], "pdf")
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    renderers = {archive.read(name).decode() for name in archive.namelist()}
    assert len(archive.namelist()) == count
    processes = {who.split()[0] for who in renderers}
    assert str(os.getpid()) not in processes and 1 <= len(processes) <= files.PDF_PROCESSES
    assert len(renderers) == len(processes)  # one writer per process for all its documents
    assert all(who.split()[1] != str(id(None)) for who in renderers)


def test_copies_of_a_slip_are_laid_out_once_and_read_as_if_each_were_printed_alone(writer, monkeypatch):
    papers = _slips(4)
    layouts = []
    document = writer.renderer.document
    monkeypatch.setattr(writer.renderer, "document", lambda html: layouts.append(html) or document(html))
    together = _pages(writer.write(papers))
    assert len(layouts) == 2  # the first copy, and the four notes together
    monkeypatch.undo()
    alone = [page for paper in papers for page in _pages(writer.write([paper]))]
    assert together == alone and len(together) == 8
    assert [page.count("Phiếu số ") for page in together] == [1, 0] * 4
    assert "Phiếu số 3/4" in together[4]


def test_each_copy_of_a_slip_numbers_its_pages_from_its_own_first_page(writer):
    pages = _pages(writer.write(_slips(3)))
    # No number on a copy's first page (the guidance numbers from page 2), "2" on its second.
    last_lines = [page.splitlines()[-1] for page in pages]
    assert len(pages) == 6 and last_lines[1::2] == ["2"] * 3
    assert all(line.startswith(tuple("123456789")) and "Nguyễn" in line for line in last_lines[0::2])


def test_the_slips_of_a_review_are_copies_of_one_paper(world):
    review = world["branch_review"]
    assert copies_of_one(reviews.member_slips(review)) and copies_of_one(reviews.organization_slips(review))
    assert not copies_of_one(reviews.decision(review))  # the order and its annex differ
    assert not copies_of_one(reviews.member_slips(review, copies=1))


def test_every_column_of_a_slip_lies_within_the_page(writer):
    document = writer._document(_slips(1))
    page = document.pages[0]._page_box
    right = page.content_box_x() + page.width
    cells = [box for box in page.descendants() if isinstance(box, boxes.TableCellBox) and box.border_right_width]
    assert len(cells) % 6 == 0 and len(cells) > 6 * 20  # the header and the rows that fit on the first page
    assert max(cell.position_x + cell.margin_width() for cell in cells) <= right + 0.01
    text = " ".join(_pages(writer.write(_slips(1)))[0].split())
    assert "Không hoàn thành nhiệm vụ" in text


def test_no_table_row_is_split_across_pages(writer):
    # Rows of eight lines each: a page holds a few whole rows, never the start of one and the end on the next.
    lines = " ".join(["Khắc phục hạn chế trong sinh hoạt chi bộ định kỳ"] * 8)
    rows = tuple((n, f"ĐẦU{n} {lines} CUỐI{n}") for n in range(1, 16))
    paper = Paper(header=Header(issuer="Đảng ủy phường Vị Hoàng", year=2025), title="BÁO CÁO")
    paper.blocks = [Table(("STT", "Nội dung"), rows, widths=(1, 9))]
    pages = [" ".join(page.split()) for page in _pages(writer.write([paper]))]
    assert len(pages) > 2
    for number in range(1, 16):
        holding = [index for index, page in enumerate(pages) if f"ĐẦU{number} " in page]
        assert len(holding) == 1 and f" CUỐI{number}" in pages[holding[0]], number
