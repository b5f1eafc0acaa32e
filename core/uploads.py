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
"""

import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

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
_HEAD_BYTES = 16


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
    the name's extension agrees with the content.
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
