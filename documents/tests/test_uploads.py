"""core.uploads: files are judged by their content and size, never by their name."""

import pytest
from django.core.exceptions import ValidationError

from core.uploads import UploadValidator, detect_kind
from documents.tests.conftest import PDF_BYTES, docx_bytes, upload, xlsx_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF_BYTES, "pdf"), (docx_bytes(), "docx"), (xlsx_bytes(), "xlsx"), (PNG, "png"), (JPEG, "jpeg"),
     (b"MZ\x90\x00 windows program", None), (b"PK\x03\x04 not really a zip", None), (b"", None)],
)  # fmt: skip
def test_kind_is_read_from_the_content(content, kind):
    assert detect_kind(upload("whatever.bin", content)) == kind


def test_a_program_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        UploadValidator(("pdf", "docx"))(upload("ke-hoach.pdf", b"MZ\x90\x00 this is an exe"))
    assert caught.value.code == "file_type"


def test_a_spreadsheet_renamed_to_docx_is_refused_where_only_pdf_and_docx_are_allowed():
    with pytest.raises(ValidationError):
        UploadValidator(("pdf", "docx"))(upload("van-ban.docx", xlsx_bytes()))


def test_the_same_spreadsheet_is_accepted_where_xlsx_is_allowed():
    UploadValidator(("pdf", "xlsx"))(upload("bang.xlsx", xlsx_bytes()))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError) as caught:
        UploadValidator(("pdf",))(upload("lon.pdf", PDF_BYTES + b"0" * 2000))
    assert caught.value.code == "file_too_large"


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        UploadValidator(("exe",))
