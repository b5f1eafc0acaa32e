"""Evidence uploads checked by their content, not their name.

``validate_upload(uploaded_file, allowed_kinds)`` sniffs the first bytes (and,
for Office files, the zip's table of contents), checks the size limit and that
the file name's extension agrees with the content, and returns the kind. It is
kept self-contained so it can be folded into ``core.uploads`` at merge.
"""

import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# kind → (label, extensions the name may carry, content type served on download)
KINDS = {
    "pdf": (gettext_lazy("PDF document"), (".pdf",), "application/pdf"),
    "png": (gettext_lazy("PNG image"), (".png",), "image/png"),
    "jpeg": (gettext_lazy("JPEG image"), (".jpg", ".jpeg"), "image/jpeg"),
    "docx": (
        gettext_lazy("Word document (DOCX)"),
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        gettext_lazy("Excel workbook (XLSX)"),
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
EVIDENCE_KINDS = ("pdf", "png", "jpeg", "docx", "xlsx")


def content_type(kind):
    return KINDS[kind][2]


def _sniff(uploaded_file):
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded_file.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def validate_upload(uploaded_file, allowed_kinds):
    """The kind of ``uploaded_file`` if its content is one of ``allowed_kinds``; else ValidationError."""
    limit = settings.MAX_UPLOAD_SIZE
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is too large: the limit is %(limit)d MB.")
            % {"name": uploaded_file.name, "limit": max(limit // (1024 * 1024), 1)},
            code="too_large",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": uploaded_file.name}, code="empty")
    allowed_labels = ", ".join(str(KINDS[kind][0]) for kind in allowed_kinds)
    kind = _sniff(uploaded_file)
    if kind not in allowed_kinds:
        raise ValidationError(
            _("The file “%(name)s” is not an accepted type. Accepted: %(allowed)s.")
            % {"name": uploaded_file.name, "allowed": allowed_labels},
            code="bad_type",
        )
    extension = PurePosixPath(uploaded_file.name or "").suffix.lower()
    if extension not in KINDS[kind][1]:
        raise ValidationError(
            _("The file “%(name)s” is named as another type than its content (%(kind)s).")
            % {"name": uploaded_file.name, "kind": KINDS[kind][0]},
            code="name_mismatch",
        )
    return kind
