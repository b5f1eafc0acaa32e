"""Uploaded files checked by their content, not by their name or declared type.

A file renamed from ``.exe`` to ``.pdf`` must be refused, so the kind is read
from the first bytes (and, for Office files, from the zip's member names).
Callers name the kinds they accept::

    UploadValidator(("pdf", "docx"))          # directing documents
    UploadValidator(("pdf", "png", "jpeg", "docx", "xlsx"))  # evidence files

The size limit is ``settings.MAX_UPLOAD_SIZE``, read at validation time so a
test or a deployment can change it.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# kind → (label shown to users, usual extension)
KINDS = {
    "pdf": ("PDF", "pdf"),
    "docx": ("Word (DOCX)", "docx"),
    "xlsx": ("Excel (XLSX)", "xlsx"),
    "png": ("PNG", "png"),
    "jpeg": ("JPEG", "jpg"),
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


@deconstructible
class UploadValidator:
    """Field validator: the file's content is one of ``kinds`` and it is not too large."""

    def __init__(self, kinds):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
        self.kinds = tuple(kinds)

    def __call__(self, upload):
        if getattr(upload, "_committed", False):
            return  # already stored, so already checked when it was uploaded
        limit = settings.MAX_UPLOAD_SIZE
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; files may be at most %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if detect_kind(upload) not in self.kinds:
            raise ValidationError(
                _("This file is not a real %(kinds)s file (its content was checked, not its name)."),
                code="file_type",
                params={"kinds": ", ".join(KINDS[kind][0] for kind in self.kinds)},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and self.kinds == other.kinds

    def __hash__(self):
        return hash(self.kinds)

    @property
    def accept(self):
        """Value for the HTML ``accept`` attribute (a hint only; the content is what counts)."""
        return ",".join(f".{KINDS[kind][1]}" for kind in self.kinds)
