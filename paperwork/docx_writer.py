"""Write ``layout.Paper``\\ s into a Word document with python-docx (the layout's Word half).

Each paper starts a new section on a new page, numbered from 1 with the
number shown from its second page on, top centre, as the guidance asks.
"""

import copy

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from paperwork.layout import HEADER_WIDTHS_MM, MARGINS_MM, PAGE_MM, SIZE, WORD_FONT
from paperwork.wording import words

BODY_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
INDENT = Mm(10)
CENTER, JUSTIFY, RIGHT, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.LEFT,
)


class DocxWriter:
    def __init__(self):
        self.document = Document()
        style = self.document.styles["Normal"]
        style.font.name = WORD_FONT
        style.font.size = Pt(SIZE["text"])
        # Vietnamese letters are "complex script" to Word in some fonts' eyes: name the face for every script.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for script in ("w:eastAsia", "w:cs"):
            fonts.set(qn(script), WORD_FONT)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.space_before = Pt(0)

    # ---------------------------------------------------------------- structure

    def paper(self, paper, first):
        section = self.document.sections[0] if first else self.document.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, first)
        if paper.header.form_code:
            self._line(self.document, paper.header.form_code, size=SIZE["form_code"], bold=True, align=RIGHT)
        self._header(paper)
        self._line(self.document, paper.title, size=SIZE["title"], bold=True, align=CENTER, before=12)
        if paper.subtitle:
            self._line(self.document, paper.subtitle, size=SIZE["subtitle"], bold=True, align=CENTER)
        if paper.note:
            self._line(self.document, paper.note, size=SIZE["subtitle"], italic=True, align=CENTER)
        self._line(self.document, "-----", align=CENTER, after=6)
        for block in paper.blocks:
            getattr(self, f"_{block.kind}")(block)
        self._closing(paper)

    def _page(self, section, first):
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance = Mm(10)
        section.different_first_page_header_footer = True
        numbering = section._sectPr.find(qn("w:pgNumType"))
        if numbering is None:
            numbering = OxmlElement("w:pgNumType")
            section._sectPr.append(numbering)
        numbering.set(qn("w:start"), "1")
        if first:
            number = section.header.paragraphs[0]
            number.alignment = CENTER
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE")
            number._p.append(field)

    def _header(self, paper):
        header = paper.header
        table = self._borderless_table(1, 2, HEADER_WIDTHS_MM)
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        if header.superior:
            self._run(first, header.superior.upper(), size=SIZE["body_name"])
            issuer = left.add_paragraph()
        else:
            issuer = first
        self._run(issuer, header.issuer.upper(), size=SIZE["body_name"], bold=True)
        self._line(left, "*", align=CENTER, reuse=False)
        if header.number:
            self._line(left, header.number, size=SIZE["number"], align=CENTER)
        if paper.draft:
            self._line(left, words("layout")["draft"], bold=True, align=CENTER, before=6)
        for paragraph in left.paragraphs:
            paragraph.alignment = CENTER
        party = right.paragraphs[0]
        party.alignment = CENTER
        self._run(party, words("layout")["party"], size=SIZE["party"], bold=True, underline=True)
        self._line(right, header.date_line, size=SIZE["date"], italic=True, align=CENTER, before=12)

    def _closing(self, paper):
        signatures = list(paper.signatures)
        if not signatures and not paper.recipients:
            return
        table = self._borderless_table(1, 2, (BODY_WIDTH_MM / 2, BODY_WIDTH_MM / 2))
        left, right = table.rows[0].cells
        if paper.recipients:
            label = left.paragraphs[0]
            self._run(label, words("layout")["recipients"], size=SIZE["recipients_label"], bold=True, italic=True)
            for number, recipient in enumerate(paper.recipients, start=1):
                ending = "." if number == len(paper.recipients) else ","
                self._line(left, f"- {recipient}{ending}", size=SIZE["recipients"], align=LEFT)
        elif len(signatures) > 1:
            self._signature(left, signatures.pop(0))
        if signatures:
            self._signature(right, signatures[0])

    def _signature(self, cell, signature):
        paragraph = cell.paragraphs[0]
        lines = [line for line in (signature.authority, signature.position) if line]
        for index, line in enumerate(lines):
            target = paragraph if index == 0 else cell.add_paragraph()
            target.alignment = CENTER
            self._run(target, line.upper(), size=SIZE["signature"], bold=True)
        if signature.note:
            self._line(cell, signature.note, italic=True, align=CENTER)
        for _blank in range(3):
            cell.add_paragraph()
        if signature.name:
            self._line(cell, signature.name, size=SIZE["signature"], bold=True, align=CENTER)

    # ---------------------------------------------------------------- blocks

    def _heading(self, block):
        paragraph = self._line(self.document, block.text, bold=True, italic=block.level == 3, align=LEFT, before=6)
        paragraph.paragraph_format.first_line_indent = INDENT

    def _text(self, block):
        align = CENTER if block.center else JUSTIFY
        paragraph = self._line(self.document, block.text, bold=block.bold, italic=block.italic, align=align, after=4)
        if not block.center:
            paragraph.paragraph_format.first_line_indent = INDENT

    def _field(self, block):
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = INDENT
        self._run(paragraph, f"{block.label}: ")
        self._run(paragraph, block.shown)

    def _table(self, block):
        widths = [BODY_WIDTH_MM * percent / 100 for percent in block.percents]
        table = self._sized_table(2 if block.rows else 1, widths)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row_index, values in enumerate((block.columns, *block.rows[:1])):
            for cell, value in zip(table.rows[row_index].cells, values, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = CENTER if row_index == 0 else LEFT
                # A space makes python-docx write the text element that the copies below fill in.
                run = self._run(paragraph, str(value) or " ", size=SIZE["table"], bold=row_index == 0)
                text = run._r.find(qn("w:t"))
                text.set(XML_SPACE, "preserve")
                text.text = str(value)
        if len(block.rows) > 1:
            # Every further row is a copy of the first one's XML with its own texts: python-docx builds a cell
            # in about a millisecond, and 30 voting slips of 30 candidates hold 5,400 cells.
            template = table.rows[1]._tr
            for values in block.rows[1:]:
                row = copy.deepcopy(template)
                for text, value in zip(row.iter(qn("w:t")), values, strict=True):
                    text.text = str(value)
                table._tbl.append(row)
        self.document.add_paragraph()

    # ---------------------------------------------------------------- helpers

    def _borderless_table(self, rows, cols, widths_mm):
        table = self._sized_table(rows, widths_mm)
        # No inner cell margins: the header's names use the whole width of their column.
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "0")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)
        return table

    def _sized_table(self, rows, widths_mm):
        """A table whose columns have these widths: Word reads the grid, LibreOffice the cells, so both are set."""
        table = self.document.add_table(rows=rows, cols=len(widths_mm))
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        return table

    def _line(self, container, text, *, size=None, bold=False, italic=False, align=None, before=0, after=0, reuse=True):
        """A paragraph with one run; in a table cell, its first empty paragraph is used first."""
        paragraph = None
        if reuse and hasattr(container, "_tc") and len(container.paragraphs) == 1 and not container.paragraphs[0].text:
            paragraph = container.paragraphs[0]
        paragraph = paragraph or container.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(after)
        self._run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    @staticmethod
    def _run(paragraph, text, *, size=None, bold=False, italic=False, underline=False):
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
        return run
