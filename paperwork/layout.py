"""The one layout of the Party's documents, written as Word (DOCX) and as PDF.

Every printed document is a list of ``Paper``\\ s: the plain values a builder in
``paperwork/content/`` takes from the stored records (header, title, body
blocks, recipients, signatures). This module alone decides how they look, after
Hướng dẫn 36-HD/VPTW (docs/paperwork.md): "ĐẢNG CỘNG SẢN VIỆT NAM" top right,
underlined, with the place and date in italics under it; the superior body, the
issuing body in bold, an asterisk and the number and symbol top left; the kind
of document in bold capitals and its summary centred; the body justified; the
recipients bottom left and the signature block bottom right; the form's code
in the top right corner; A4 with the margins and sizes of the guidance.

The Word file uses Times New Roman, the face the guidance names; the PDF uses
the packaged Noto Sans of ``core.pdf``, which renders every Vietnamese
diacritic on any machine.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import ClassVar

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from paperwork.wording import words

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": "application/pdf"}

# Page, margins and type sizes (points) after Hướng dẫn 36-HD/VPTW.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 25, "bottom": 25, "left": 35, "right": 15}
WORD_FONT = "Times New Roman"
SIZE = {"party": 15, "body_name": 14, "number": 14, "date": 14, "title": 16, "subtitle": 14, "text": 14}
SIZE |= {"table": 12, "recipients_label": 14, "recipients": 12, "form_code": 12, "signature": 14}
HEADER_WIDTHS_MM = (80, 80)
# Noto Sans sets wider than Times New Roman: the PDF scales the sizes so a line holds what it holds in Word.
PDF_SCALE = 0.88


@dataclass(frozen=True)
class Header:
    """The header block: who issues, under whom, the number and symbol, the place and date."""

    issuer: str
    superior: str = ""
    number: str = ""
    place: str = ""
    date: datetime.date | None = None
    year: int | None = None
    form_code: str = ""

    @property
    def date_line(self):
        """The place and date line ("Nam Định, ngày 05 tháng 12 năm 2025"); day and month blank without a date."""
        layout = words("layout")
        if self.date is None:
            blank = layout["blank_day"]
            return layout["date"].format(place=self.place, day=blank, month=blank, year=self.year or blank)
        # The guidance writes days below 10 and the months 1 and 2 with a leading zero.
        month = f"{self.date.month:02d}" if self.date.month <= 2 else str(self.date.month)
        return layout["date"].format(place=self.place, day=f"{self.date.day:02d}", month=month, year=self.date.year)


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 2  # 1: "A. …", 2: "I. …", 3: "1. …"


@dataclass(frozen=True)
class Text:
    kind: ClassVar[str] = "text"
    text: str
    italic: bool = False
    bold: bool = False
    center: bool = False


@dataclass(frozen=True)
class Field:
    """A label and its value on one line: "Họ và tên: Trần Thị Hoa"."""

    kind: ClassVar[str] = "field"
    label: str
    value: str

    @property
    def shown(self):
        """The value, or dots to write it on by hand."""
        return self.value or words("layout")["dots"][:15]


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    columns: tuple
    rows: tuple
    widths: tuple = ()  # relative widths, one per column

    @property
    def percents(self):
        widths = self.widths or (1,) * len(self.columns)
        total = sum(widths)
        return [round(width * 100 / total, 1) for width in widths]

    @property
    def headed_columns(self):
        # Widths as text: a template would localize the decimal point into a comma CSS does not read.
        return [(column, f"{percent:.1f}") for column, percent in zip(self.columns, self.percents, strict=True)]


@dataclass(frozen=True)
class Signature:
    """Authority ("T/M CHI BỘ"), position ("BÍ THƯ"), an optional note, and the signer's name."""

    position: str
    name: str = ""
    authority: str = ""
    note: str = ""


@dataclass
class Paper:
    """One official document (a page or more); several papers print one after another."""

    header: Header
    title: str
    subtitle: str = ""
    note: str = ""
    blocks: list = field(default_factory=list)
    recipients: tuple = ()
    signatures: tuple = ()
    draft: bool = False


def dotted(text):
    """Paragraphs of a stored text, one per line; dotted lines to write on when nothing is stored."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [Text(line) for line in lines] or [Text(words("layout")["dots"]), Text(words("layout")["dots"])]


# ---------------------------------------------------------------------------------------------------- output


def response(papers, stem, output):
    """The papers as a download: ``output`` is "docx" or "pdf" (anything else is 404)."""
    if output not in CONTENT_TYPES:
        raise Http404
    content = to_docx(papers) if output == "docx" else to_pdf(papers)
    reply = HttpResponse(content, content_type=CONTENT_TYPES[output])
    reply["Content-Disposition"] = content_disposition_header(True, f"{stem}.{output}")
    return reply


def render(papers, output, pdf_writer=None):
    """The papers as bytes; a whole file passes one ``pdf_writer`` for all its PDFs."""
    return to_docx(papers) if output == "docx" else to_pdf(papers, pdf_writer)


def to_pdf(papers, writer=None):
    """The papers as PDF, by ``writer`` or else by this thread's (a web request prints one document)."""
    from core.pdf import thread_cached
    from paperwork.pdf_writer import PdfWriter  # WeasyPrint is loaded only when a PDF is asked for

    return (writer or thread_cached("paperwork", PdfWriter)).write(papers)


def to_docx(papers):
    from paperwork.docx_writer import DocxWriter  # python-docx is loaded only when a Word file is asked for

    writer = DocxWriter()
    for index, paper in enumerate(papers):
        writer.paper(paper, first=index == 0)
    buffer = io.BytesIO()
    writer.document.save(buffer)
    return buffer.getvalue()
