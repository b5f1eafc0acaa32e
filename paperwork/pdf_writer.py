"""The PDF half of ``paperwork/layout.py``: papers through ``paperwork/papers.html`` and WeasyPrint.

A ``PdfWriter`` keeps one ``core.pdf.PdfRenderer`` (the font configuration and
the parsed stylesheets, ``papers.css``) for every document it writes: a whole
review file writes a couple of hundred documents with one writer per process.

Voting slips are the same paper once per voter, differing only by their note
("Phiếu số 3/30"). They are laid out once: the first copy's pages are reused
for every copy, with only the note's line replaced (the notes of all copies are
laid out together, in one small document). So each copy is numbered from its
own first page, as if printed alone.
"""

import copy
import dataclasses

from django.template.loader import render_to_string
from django.utils.html import escape

from core.pdf import PdfRenderer
from paperwork.wording import words


def context(papers=()):
    """What papers.html and papers.css are rendered with: the papers, the sizes and margins, the fixed words."""
    from paperwork.layout import HEADER_WIDTHS_MM, MARGINS_MM, PDF_SCALE, SIZE

    layout = words("layout")
    return {
        "papers": papers,
        "size": {name: f"{points * PDF_SCALE:.1f}" for name, points in SIZE.items()},
        "margins": MARGINS_MM,
        "header_widths": HEADER_WIDTHS_MM,
        "party": layout["party"],
        "recipients_label": layout["recipients"],
        "draft_label": layout["draft"],
    }


def copies_of_one(papers):
    """Whether ``papers`` are two or more copies of one paper that differ at most by their note."""
    if len(papers) < 2 or not papers[0].note:
        return False
    first = dataclasses.replace(papers[0], note="")
    return all(paper.note and dataclasses.replace(paper, note="") == first for paper in papers[1:])


def _path_to(box, found):
    """The boxes from ``box`` down to the first descendant for which ``found(box)`` holds, or None."""
    if found(box):
        return [box]
    for child in getattr(box, "children", ()):
        if (path := _path_to(child, found)) is not None:
            return [box, *path]
    return None


def _is_note(box):
    """Whether ``box`` is the block of a paper's note (not one of the line or text boxes inside it)."""
    from weasyprint.formatting_structure.boxes import BlockBox

    return isinstance(box, BlockBox) and box.element_tag == "p" and "note" in (box.element.get("class") or "").split()


def _single_line_text(block):
    """The one text box of a block of one line of plain text (the note), else None."""
    lines = block.children
    if len(lines) != 1 or len(lines[0].children) != 1:
        return None
    text = lines[0].children[0]
    return text if hasattr(text, "pango_layout") else None


class PdfWriter:
    def __init__(self):
        self.renderer = PdfRenderer(css=[render_to_string("paperwork/papers.css", context())])

    def _document(self, papers):
        return self.renderer.document(render_to_string("paperwork/papers.html", context(papers)))

    def write(self, papers):
        """The PDF bytes of ``papers``."""
        if copies_of_one(papers):
            pages = self._copies(papers)
            if pages is not None:
                document, pages = pages
                return self.renderer.write(document, pages)
        return self.renderer.write(self._document(papers))

    def _copies(self, papers):
        """(document, pages) of every copy from one layout of the first; None if its note is not one line."""
        document = self._document(papers[:1])
        first_page = document.pages[0]
        path = _path_to(first_page._page_box, _is_note)
        original = _single_line_text(path[-1]) if path else None
        # The notes of every copy, laid out together in one small document with the same style.
        notes_html = "".join(f'<p class="note">{escape(paper.note)}</p>' for paper in papers)
        notes = self.renderer.document(f'<html lang="vi"><body>{notes_html}</body></html>')
        blocks = [box for page in notes.pages for box in page._page_box.descendants() if _is_note(box)]
        texts = [_single_line_text(block) for block in blocks]
        if original is None or len(texts) != len(papers) or None in texts:
            return None
        pages = []
        for text in texts:
            pages.append(self._with_note(first_page, path, original, text))
            pages += document.pages[1:]
        # The notes' document holds the text layouts the copies draw: keep it alive until the PDF is written.
        document.notes = notes
        return document, pages

    @staticmethod
    def _with_note(page, path, original, text):
        """A copy of ``page`` whose note line draws ``text`` (another note's text box) in place of ``original``."""
        line = path[-1].children[0]
        replacement = original.copy()
        replacement.text, replacement.pango_layout = text.text, text.pango_layout
        replacement.width = text.width
        # The note is centred: keep its centre where the first copy's was.
        replacement.position_x = original.position_x + (original.width - text.width) / 2
        new_line = line.copy()
        new_line.children = [replacement]
        child, new_child = line, new_line
        for parent in reversed(path):
            new_parent = parent.copy()
            new_parent.children = [new_child if box is child else box for box in parent.children]
            child, new_child = parent, new_parent
        new_page = copy.copy(page)
        new_page._page_box = new_child
        return new_page
