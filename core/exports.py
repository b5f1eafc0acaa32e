"""Write rows to an Excel (.xlsx) file from a queryset and a column spec.

Every export in the product goes through ``write_xlsx``, so the files look
alike: a bold, frozen header row with Vietnamese labels, dates as real Excel
dates shown dd/mm/yyyy, and widths set from the spec. The workbook is written
in openpyxl's write-only mode and the queryset is read with
``.iterator(chunk_size=...)``, so memory stays flat for 100,000 rows.

The access scope is not applied here: callers pass a queryset that already went
through ``accounts.access.scope`` (see ``reports.registry``).
"""

import datetime
import io
import re
from dataclasses import dataclass
from operator import attrgetter

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# The one xlsx content type of the product: exports, downloads of background exports and accepted uploads.
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
CHUNK_SIZE = 1000
MIN_WIDTH, MAX_WIDTH = 8, 60
# Excel refuses control characters in cell text (openpyxl raises IllegalCharacterError).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text a spreadsheet may take for a formula when the cell is edited or the sheet saved as CSV (CWE-1236).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: a (lazily translated) header and how to get the value from a row.

    ``value`` is a dotted attribute path (``"organization.name"``; a method at
    the end, like ``"get_status_display"``, is called) or a callable taking
    the row. ``width`` is in characters; by default it fits the header.
    """

    label: str
    value: object
    width: int | None = None

    def get(self, row):
        if callable(self.value):
            return self.value(row)
        try:
            value = attrgetter(self.value)(row)
        except AttributeError:
            # A null foreign key on the way (``parent.name`` of a root).
            return None
        return value() if callable(value) else value


def field_label(model, field):
    """A column heading that reads like the model field's own label (its verbose name, capitalised)."""
    return capfirst(model._meta.get_field(field).verbose_name)


def excel_value(value):
    """``value`` as something openpyxl stores natively, plus its number format."""
    if value is None:
        return None, None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    if isinstance(value, bool | int | float):
        return value, None
    return _ILLEGAL.sub("", str(value)), None


def as_text(cell):
    """Store ``cell``'s string value as text, never as a formula, and return the cell.

    openpyxl turns any string beginning with ``=`` into a live formula
    (``data_type 'f'``): a member named ``=HYPERLINK(...)`` would run in the
    reader's Excel. A string is therefore always written as a string cell;
    one that begins like a formula also gets Excel's quote prefix, so editing
    the cell in Excel keeps it text.
    """
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def _width(column, sample_width=14):
    if column.width:
        return column.width
    return max(MIN_WIDTH, min(MAX_WIDTH, max(len(str(column.label)) + 2, sample_width)))


def write_xlsx(target, rows, columns, *, title="Export", chunk_size=CHUNK_SIZE, on_progress=None, every=None):
    """Write ``rows`` (a queryset or any iterable) under ``columns`` to ``target``.

    ``target`` is a path or a binary file object. ``on_progress(done)`` is called
    every ``every`` rows (default: each chunk) and once at the end. Returns the
    number of rows written.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)

    header_font = Font(bold=True)
    header = []
    for column in columns:
        cell = as_text(WriteOnlyCell(sheet, value=str(column.label)))
        cell.font = header_font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)

    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=chunk_size)
    every = every or chunk_size
    done = 0
    for row in rows:
        cells = []
        for column in columns:
            value, number_format = excel_value(column.get(row))
            cell = as_text(WriteOnlyCell(sheet, value=value))
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
        done += 1
        if on_progress and done % every == 0:
            on_progress(done)
    if on_progress:
        on_progress(done)
    workbook.save(target)
    return done


def xlsx_response(rows, columns, filename, *, title="Export"):
    """An attachment response holding ``rows`` as .xlsx (for exports small enough for a request)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, rows, columns, title=title)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
