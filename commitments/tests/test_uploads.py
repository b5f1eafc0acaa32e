"""Evidence files are recognised by their content, whatever their name says."""

import pytest
from django.core.exceptions import ValidationError

from commitments.tests.conftest import JPEG, PDF, PNG, office_file, upload
from commitments.uploads import EVIDENCE_KINDS, validate_upload


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bien-ban.pdf", PDF, "pdf"),
        ("anh.png", PNG, "png"),
        ("anh.JPG", JPEG, "jpeg"),
        ("anh.jpeg", JPEG, "jpeg"),
        ("bao-cao.docx", office_file("word/document.xml"), "docx"),
        ("so-lieu.xlsx", office_file("xl/workbook.xml"), "xlsx"),
    ],
)
def test_accepted_types_are_recognised_by_content(name, content, kind):
    assert validate_upload(upload(name, content), EVIDENCE_KINDS) == kind


def test_a_png_named_pdf_is_refused():
    with pytest.raises(ValidationError, match="không khớp với nội dung"):
        validate_upload(upload("bien-ban.pdf", PNG), EVIDENCE_KINDS)


def test_an_executable_named_pdf_is_refused():
    with pytest.raises(ValidationError, match="không thuộc loại được chấp nhận"):
        validate_upload(upload("bien-ban.pdf", b"MZ\x90\x00\x03\x00"), EVIDENCE_KINDS)


def test_a_plain_zip_named_docx_is_refused():
    with pytest.raises(ValidationError, match="không thuộc loại được chấp nhận"):
        validate_upload(upload("bao-cao.docx", office_file("readme.txt")), EVIDENCE_KINDS)


def test_a_broken_zip_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(upload("bao-cao.docx", b"PK\x03\x04garbage"), EVIDENCE_KINDS)


def test_a_kind_not_allowed_here_is_refused():
    with pytest.raises(ValidationError, match="không thuộc loại được chấp nhận"):
        validate_upload(upload("anh.png", PNG), ("pdf",))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_upload(upload("big.pdf", PDF + b"0" * 2000), EVIDENCE_KINDS)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="rỗng"):
        validate_upload(upload("x.pdf", b""), EVIDENCE_KINDS)
