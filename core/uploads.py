"""Uploaded files checked by their content, not by their name or declared type: the one validator of every app.

A file renamed from ``.exe`` to ``.pdf`` must be refused, so the kind is read
from the first bytes (and, for Office files, from the zip's member names). The
name's extension must then agree with that content (a PNG named ``.pdf`` is
refused too), an empty file is refused and the size limit holds. Callers name
the kinds they accept::

    UploadValidator(("pdf", "docx"))                   # a model field's validator (directing documents)
    validate_upload(upload, ("pdf", "png", "jpeg", "docx", "xlsx"))  # returns the kind (evidence files)

The size limit is ``settings.MAX_UPLOAD_SIZE``, read at validation time so a
test or a deployment can change it. Messages name the file, since a form may
carry several.

An Office file is a zip: its directory is read (nothing is decompressed) and it
must hold the parts of its kind (``[Content_Types].xml`` and the main part), no
name may leave the archive (``../``, absolute paths: zip-slip), and the sizes it
declares must be sane (a total uncompressed size and a compression ratio, so a
zip bomb named ``.docx`` is refused before anything inflates it). A PDF must
carry no active content (JavaScript, an action run on opening, a launched
program) and no HTML (a PDF/HTML polyglot); it is read with pypdf, which also
looks inside compressed object streams.
"""

import logging
import re
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from pypdf.generic import DictionaryObject, IndirectObject

from core.exports import XLSX_CONTENT_TYPE

# kind → (label shown to users, extensions the file name may carry, content type served on download)
KINDS = {
    "pdf": (_("PDF document"), (".pdf",), "application/pdf"),
    "docx": (
        _("Word document (DOCX)"),
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (_("Excel workbook (XLSX)"), (".xlsx",), XLSX_CONTENT_TYPE),
    "png": (_("PNG image"), (".png",), "image/png"),
    "jpeg": (_("JPEG image"), (".jpg", ".jpeg"), "image/jpeg"),
}

_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_CONTENT_TYPES = "[Content_Types].xml"
_HEAD_BYTES = 16
# An Office file's parts inflate to some tens of times their size at most (XML compresses well); a zip bomb
# declares thousands. Both limits are read from the zip's directory, before anything is decompressed.
MAX_OFFICE_RATIO = 100
MAX_OFFICE_UNCOMPRESSED = 200 * 1024 * 1024
MAX_OFFICE_PARTS = 5000
# PDF keys that carry something to run: scripts, launched programs, embedded files, XFA forms.
_PDF_ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/RichMedia", "/XFA"}
# Actions (``/S``) that run something, wherever they hang: /OpenAction, /AA (on events), links, form fields.
# An /OpenAction that only opens a page at a zoom (a destination array, as word processors write) is fine.
_PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
# The same names in the raw bytes, where #xx escapes (/J#61vaScript) are decoded first.
_PDF_NAME = re.compile(rb"/(?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+")
# Markup a browser would run if it took the file for HTML.
_HTML_MARKERS = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|object|embed|svg|meta)[\s>/]", re.I)

logger = logging.getLogger(__name__)


def _read_head(upload):
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    return head


def detect_kind(upload):
    """The kind of ``upload`` read from its content, or None when unknown."""
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        for kind, marker in _ZIP_MARKERS.items():
            if marker in names:
                return kind
    return None


def _unsafe_name(name):
    """True for a zip member name that would leave the folder it is extracted to (zip-slip)."""
    if "\x00" in name or "\\" in name or PureWindowsPath(name).drive:
        return True
    path = PurePosixPath(name)
    return path.is_absolute() or ".." in path.parts


def office_problem(upload, kind):
    """Why the Office file ``upload`` of ``kind`` is refused, from its zip directory alone; None when sound."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("it is not a readable Office file")
    finally:
        upload.seek(0)
    names = {member.filename for member in members}
    if _CONTENT_TYPES not in names or _ZIP_MARKERS[kind] not in names:
        return _("parts every Office file holds are missing (it is not a real Word or Excel file)")
    if len(members) > MAX_OFFICE_PARTS or any(_unsafe_name(member.filename) for member in members):
        return _("its archive holds names that leave the archive or too many parts")
    uncompressed = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if uncompressed > MAX_OFFICE_UNCOMPRESSED or uncompressed > MAX_OFFICE_RATIO * max(compressed, 1):
        return _("it expands to %(size)s when opened (a compressed bomb?)") % {"size": filesizeformat(uncompressed)}
    return None


def _pdf_active_names(upload):
    """The active names written in the raw bytes of a PDF (escapes decoded)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    found = set()
    for match in _PDF_NAME.finditer(data):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group())
        if name.decode("latin-1") in _PDF_ACTIVE_KEYS:
            found.add(name.decode("latin-1"))
    return found, bool(_HTML_MARKERS.search(data))


def _pdf_objects(reader):
    """Every object of ``reader``'s cross-reference tables, those inside compressed object streams too."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield reader.get_object(IndirectObject(number, generation, reader))
    for number in reader.xref_objStm:
        yield reader.get_object(IndirectObject(number, 0, reader))


def _opens_without_password(reader):
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - an unknown or broken encryption is as closed as a password
        return False


def pdf_problem(upload):
    """Why the PDF ``upload`` is refused (active content, HTML, unreadable); None when it is a plain document."""
    names, html = _pdf_active_names(upload)
    if html:
        return _("it also holds web page markup (a file that is a PDF and a web page at once)")
    try:
        reader = pypdf.PdfReader(upload)
        # A PDF that only restricts printing or copying opens with the empty password (many official
        # scans do); one that asks for a password to open cannot be looked into.
        if reader.is_encrypted and not _opens_without_password(reader):
            return _("it is encrypted, so its content cannot be checked")
        for obj in _pdf_objects(reader):
            if isinstance(obj, DictionaryObject):
                names |= _PDF_ACTIVE_KEYS & set(obj.keys())
                if obj.get("/S") in _PDF_ACTIVE_ACTIONS:
                    names.add(str(obj["/S"]))
    except Exception:  # noqa: BLE001 - pypdf's errors are many; the raw scan above still judged every byte
        # A damaged PDF (no usable cross-reference table) has no compressed object streams a reader would
        # find either, so the names written in its bytes are all there is to check.
        logger.info("PDF read by its raw bytes only: pypdf could not parse it", exc_info=True)
    finally:
        upload.seek(0)
    if names:
        return _("it contains active content (%(names)s): scripts or actions that run when it is opened") % {
            "names": ", ".join(sorted(name.lstrip("/") for name in names))
        }
    return None


def content_type(kind):
    """The content type to serve a stored file of ``kind`` with."""
    return KINDS[kind][2]


def _check_kinds(kinds):
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")


def validate_upload(upload, kinds):
    """The kind of ``upload`` when it is acceptable as one of ``kinds``; else a ValidationError.

    Checked in this order: size limit, not empty, content is one of ``kinds``,
    the name's extension agrees with the content, the content is sound (an
    Office file's zip directory, a PDF without active content or HTML).
    """
    _check_kinds(kinds)
    name = upload.name or ""
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="file_too_large",
            params={"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="file_empty", params={"name": name})
    kind = detect_kind(upload)
    if kind not in kinds:
        raise ValidationError(
            _(
                "The file “%(name)s” is not an accepted type: its content was checked, not its name. "
                "Accepted: %(kinds)s."
            ),
            code="file_type",
            params={"name": name, "kinds": ", ".join(str(KINDS[k][0]) for k in kinds)},
        )
    if PurePosixPath(name).suffix.lower() not in KINDS[kind][1]:
        raise ValidationError(
            _("The file “%(name)s” is named as another type than its content (%(kind)s)."),
            code="file_name_mismatch",
            params={"name": name, "kind": KINDS[kind][0]},
        )
    problem = office_problem(upload, kind) if kind in _ZIP_MARKERS else pdf_problem(upload) if kind == "pdf" else None
    if problem:
        raise ValidationError(
            _("The file “%(name)s” was refused: %(problem)s."),
            code="file_unsafe",
            params={"name": name, "problem": problem},
        )
    return kind


@deconstructible
class UploadValidator:
    """Field validator: ``validate_upload`` with the kinds of the field."""

    def __init__(self, kinds):
        _check_kinds(kinds)
        self.kinds = tuple(kinds)

    def __call__(self, upload):
        if getattr(upload, "_committed", False):
            return  # already stored, so already checked when it was uploaded
        validate_upload(upload, self.kinds)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and self.kinds == other.kinds

    def __hash__(self):
        return hash(self.kinds)

    @property
    def accept(self):
        """Value for the HTML ``accept`` attribute (a hint only; the content is what counts)."""
        return ",".join(extension for kind in self.kinds for extension in KINDS[kind][1])
