"""core.uploads, the one upload validator: files are judged by their content, their name must agree, size counts."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.uploads import UploadValidator, content_type, detect_kind, validate_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EVIDENCE = ("pdf", "png", "jpeg", "docx", "xlsx")


def office_file(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refused(name, content, kinds=EVIDENCE):
    """The ValidationError raised for the file, with its message in Vietnamese."""
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), kinds)
    return caught.value.code, " ".join(caught.value.messages)


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
def test_accepted_types_are_recognised_by_content_and_the_kind_is_returned(name, content, kind):
    assert validate_upload(upload(name, content), EVIDENCE) == kind
    assert detect_kind(upload("whatever.bin", content)) == kind


def test_a_png_named_pdf_is_refused_because_the_name_disagrees_with_the_content():
    code, message = refused("bien-ban.pdf", PNG)
    assert code == "file_name_mismatch"
    assert "bien-ban.pdf" in message and "không khớp với nội dung" in message


def test_an_executable_named_pdf_is_refused_by_its_content():
    code, message = refused("bien-ban.pdf", b"MZ\x90\x00\x03\x00")
    assert code == "file_type"
    assert "không thuộc loại được chấp nhận" in message and "Tài liệu PDF" in message


def test_a_plain_zip_named_docx_is_refused():
    assert refused("bao-cao.docx", office_file("readme.txt"))[0] == "file_type"


def test_a_broken_zip_is_refused():
    assert refused("bao-cao.docx", b"PK\x03\x04garbage")[0] == "file_type"


def test_a_kind_not_allowed_here_is_refused():
    code, message = refused("anh.png", PNG, kinds=("pdf",))
    assert code == "file_type" and "Ảnh PNG" not in message


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    code, message = refused("big.pdf", PDF + b"0" * 2000)
    assert code == "file_too_large"
    assert "big.pdf" in message and "1,0\xa0KB" in message or "1.0\xa0KB" in message


def test_an_empty_file_is_refused():
    code, message = refused("x.pdf", b"")
    assert code == "file_empty" and "rỗng" in message


def test_the_field_validator_applies_the_same_rules():
    validator = UploadValidator(("pdf", "docx"))
    validator(upload("ke-hoach.pdf", PDF))
    with pytest.raises(ValidationError) as caught:
        validator(upload("ke-hoach.docx", PDF))
    assert caught.value.code == "file_name_mismatch"
    with pytest.raises(ValidationError) as caught:
        validator(upload("rong.pdf", b""))
    assert caught.value.code == "file_empty"


def test_the_field_validator_skips_a_file_already_stored():
    stored = upload("cu.pdf", b"")
    stored._committed = True
    UploadValidator(("pdf",))(stored)


def test_accept_hint_and_content_type_come_from_the_kinds():
    assert UploadValidator(("pdf", "jpeg")).accept == ".pdf,.jpg,.jpeg"
    assert content_type("docx") == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(upload("a.exe", b"MZ"), ("exe",))
