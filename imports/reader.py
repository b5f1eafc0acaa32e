"""Reading an uploaded spreadsheet safely: its type by content, its size, its zip, its encoding, its rows.

A file is checked before anything parses it: the type is read from the bytes
(``core.uploads.detect_kind``), not from the name; the size limit is
``settings.IMPORT_MAX_UPLOAD_SIZE``; an ``.xlsx`` is a zip whose declared
uncompressed sizes and compression ratios are checked before openpyxl opens it
(a "zip bomb" of a few kilobytes would otherwise expand to gigabytes); a CSV's
encoding is UTF-8 (with or without BOM) or detected as Windows-1258/1252, else
refused. Then the rows are read one at a time (openpyxl's read-only mode, the
csv module over a stream), so memory stays flat whatever the number of rows.

Every refusal is a ``FileRefused`` with a translated message; nothing is
written by this module.
"""

import codecs
import csv
import datetime
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.uploads import detect_kind

MAX_COLUMNS = 100  # a member sheet has about 20; a wider one is not a table of ours
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # all the parts of an .xlsx once unzipped
MAX_RATIO = 150  # sheet XML compresses 10-30 times; a bomb compresses thousands of times
HEADER_SEARCH_ROWS = 10
CSV_SAMPLE = 64 * 1024
_VIETNAMESE_1258 = set("ăâêôơưđĂÂÊÔƠƯĐ")
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z0-9:$]+)"')


class FileRefused(Exception):
    """The file as a whole cannot be read: its message (translated) says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_file(upload):
    """The format (``"xlsx"`` or ``"csv"``) of an uploaded file, else ``FileRefused``; reads it, never parses it."""
    name = upload.name or ""
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    if upload.size is not None and upload.size > limit:
        raise FileRefused(
            _("The file “%(name)s” is %(size)s; an import file may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if not upload.size:
        raise FileRefused(_("The file “%(name)s” is empty.") % {"name": name})
    suffix = PurePosixPath(name).suffix.lower()
    kind = detect_kind(upload)
    if suffix == ".xlsx" and kind == "xlsx":
        check_zip(upload)
        return "xlsx"
    if suffix == ".csv" and kind is None and _looks_like_text(upload):
        return "csv"
    raise FileRefused(
        _(
            "The file “%(name)s” is not an Excel workbook (.xlsx) or a CSV file: its content was checked, "
            "not its name. Save it from Excel as .xlsx or as CSV UTF-8."
        )
        % {"name": name}
    )


def _looks_like_text(upload):
    upload.seek(0)
    head = upload.read(CSV_SAMPLE)
    upload.seek(0)
    return b"\x00" not in head


def check_zip(source):
    """Refuse an .xlsx whose parts would unzip to too much, or compress like a bomb, before anything inflates it.

    The sizes are the ones the zip declares; Python's zipfile never inflates an
    entry beyond its declared size, so they bound what openpyxl can read.
    """
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(_("The Excel file is damaged and cannot be opened.")) from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    total = sum(entry.file_size for entry in entries)
    too_dense = any(
        entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1) for entry in entries
    )
    if total > MAX_UNCOMPRESSED or too_dense:
        raise FileRefused(
            _(
                "The Excel file would expand to %(size)s when opened, or is compressed abnormally: it was refused "
                "without opening it. Split the data into several files or save it again from Excel."
            )
            % {"size": filesizeformat(total)}
        )


@dataclass
class Table:
    """The rows of one sheet: ``rows`` yields ``(row number, [cell values])``; ``formulas`` are cells holding one."""

    sheet: str
    rows: object
    estimated_rows: int | None = None
    encoding: str = ""
    merged_header: list = field(default_factory=list)


def open_table(path, file_format):
    """The ``Table`` of the stored file at ``path``; ``FileRefused`` when it cannot be read."""
    if file_format == "xlsx":
        return _open_xlsx(path)
    return _open_csv(path)


# -- Excel ---------------------------------------------------------------------------------------------------------


class Formula(str):
    """A cell that holds a formula (its text): the import wants values, so such a cell is an error of its own."""


def _cell_value(cell):
    if cell is None:
        return None
    value = cell.value
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=") and len(value) > 1):
        return Formula(value)
    return value


def _open_xlsx(path):
    import openpyxl  # imported here: only an import needs it

    with open(path, "rb") as handle:
        check_zip(handle)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file; the message is the same for all
        raise FileRefused(_("The Excel file is damaged and cannot be opened.")) from None
    sheet = workbook.worksheets[0]
    estimated = sheet.max_row
    merged = _merged_ranges(sheet)
    sheet.reset_dimensions()  # a wrong <dimension> written by another tool must not cut the rows short

    def rows():
        try:
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
                yield number, [_cell_value(cell) for cell in cells]
        finally:
            workbook.close()

    return Table(sheet=sheet.title, rows=rows(), estimated_rows=estimated, merged_header=merged)


def _merged_ranges(sheet):
    """The merged ranges of ``sheet`` (openpyxl's read-only mode does not read them), scanned from its XML.

    A byte scan, not an XML parse: the ``<mergeCell ref="..."/>`` elements are
    found in chunks, so a 100,000-row sheet costs one quick pass and no memory.
    """
    found, tail = [], b""
    with sheet._get_source() as source:  # the sheet's XML inside the zip
        while chunk := source.read(1024 * 1024):
            text = tail + chunk
            found += [match.decode() for match in _MERGE_CELL.findall(text)]
            tail = text[-256:]
            found = list(dict.fromkeys(found))  # a match inside the overlap is seen twice
    return found


# -- CSV -----------------------------------------------------------------------------------------------------------


def detect_encoding(path):
    """``"utf-8-sig"`` (with or without BOM), else ``"cp1258"`` or ``"cp1252"``; ``FileRefused`` otherwise.

    UTF-8 is checked over the whole file with an incremental decoder (a
    Vietnamese letter far down the file must not break the import half way).
    A file that is not UTF-8 is taken as Windows-1258 when it holds letters
    only Vietnamese uses (ă, â, ê, ô, ơ, ư, đ), as Windows-1252 when it decodes
    and holds none; anything else is refused.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        vietnamese = False
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    vietnamese = vietnamese or bool(_VIETNAMESE_1258 & set(decoder.decode(chunk)))
        except UnicodeDecodeError:
            continue
        if encoding == "cp1258" and vietnamese:
            return encoding
        if encoding == "cp1252":
            return encoding
    raise FileRefused(
        _(
            "The CSV file's character encoding could not be recognised (UTF-8, Windows-1258 or Windows-1252 "
            "expected). In Excel, save it as “CSV UTF-8 (Comma delimited)”."
        )
    )


def _delimiter(path, encoding):
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        first = handle.readline()
    return max((";", ",", "\t"), key=first.count) if first.strip() else ","


def _open_csv(path):
    encoding = detect_encoding(path)
    delimiter = _delimiter(path, encoding)
    with open(path, "rb") as handle:
        estimated = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1024 * 1024), b""))

    def rows():
        with open(path, encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            number = 0
            try:
                for cells in reader:
                    number += 1
                    # A legacy encoding writes Vietnamese with combining tone marks: compose them.
                    yield number, [unicodedata.normalize("NFC", cell) for cell in cells[: MAX_COLUMNS + 1]]
            except csv.Error:
                raise FileRefused(
                    _("The CSV file is malformed near line %(line)d.") % {"line": reader.line_num}
                ) from None

    return Table(sheet="CSV", rows=rows(), estimated_rows=estimated, encoding=encoding)


def as_text(value):
    """A cell's value as clean text: composed Unicode, single spaces, integers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def content_bytes(upload):
    """The uploaded file's bytes in chunks (for hashing and storing without holding it whole)."""
    upload.seek(0)
    if hasattr(upload, "chunks"):
        yield from upload.chunks()
    else:
        yield from iter(lambda: upload.read(1024 * 1024), b"")


__all__ = ["FileRefused", "Formula", "Table", "as_text", "check_file", "check_zip", "detect_encoding", "open_table"]
