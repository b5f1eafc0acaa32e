"""Uploads that are not what they claim: zip bombs, Office files missing their parts, zip-slip, PDF polyglots and
PDFs with active content are refused with a message; a body over the limit is refused before it is read."""

import io
import zipfile

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from core.middleware import RequestSizeLimitMiddleware
from core.uploads import validate_upload

KINDS = ("pdf", "docx", "xlsx")


def office(*members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_PARTS = (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"))
XLSX_PARTS = (("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"))


def refusal(name, content):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content), KINDS)
    return caught.value.code, " ".join(caught.value.messages)


def pdf(open_action=None, escape=False):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    if open_action:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(open_action)
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    return content.replace(b"/JavaScript", b"/J#61vaScript") if escape else content


def test_a_sound_docx_xlsx_and_pdf_are_accepted():
    assert validate_upload(SimpleUploadedFile("a.docx", office(*DOCX_PARTS)), KINDS) == "docx"
    assert validate_upload(SimpleUploadedFile("a.xlsx", office(*XLSX_PARTS)), KINDS) == "xlsx"
    assert validate_upload(SimpleUploadedFile("a.pdf", pdf()), KINDS) == "pdf"


@pytest.mark.parametrize(("name", "parts"), [("bom.docx", DOCX_PARTS), ("bom.xlsx", XLSX_PARTS)])
def test_a_zip_bomb_named_like_an_office_file_is_refused_from_its_directory(name, parts):
    # 60 MB of zeros deflate to about 60 KB: a ratio of 1000, where real Office parts stay under 100.
    code, message = refusal(name, office(*parts, ("word/media/x.bin", b"\0" * 60_000_000)))
    assert code == "file_unsafe" and "bom" in message


def test_a_declared_huge_uncompressed_size_is_refused_before_anything_inflates(monkeypatch):
    content = office(*DOCX_PARTS, ("word/media/x.bin", b"x"), compression=zipfile.ZIP_STORED)
    # Forge the directory: 1.5 GB declared for one part (a bomb that also lies about its compressed size).
    forged = content.replace((1).to_bytes(4, "little") * 2, (1_500_000_000).to_bytes(4, "little") * 2)
    inflated = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: inflated.append(args) or None)
    assert refusal("x.docx", forged)[0] == "file_unsafe"
    assert inflated == []


def test_a_zip_with_only_the_document_part_is_refused():
    code, message = refusal("a.docx", office(("word/document.xml", "<w:document/>")))
    assert code == "file_unsafe" and "Word" in message


@pytest.mark.parametrize("evil", ["../../etc/cron.d/x", "/etc/passwd", "word/..\\..\\x.dll", "C:/x.dll"])
def test_a_zip_slip_archive_is_refused(evil):
    assert refusal("a.docx", office(*DOCX_PARTS, (evil, "x")))[0] == "file_unsafe"


def test_a_pdf_that_is_also_a_web_page_is_refused():
    polyglot = b"%PDF-1.4\n%<html><body><script>alert(document.cookie)</script></body></html>\n" + pdf()[9:]
    assert refusal("a.pdf", polyglot)[0] == "file_unsafe"


@pytest.mark.parametrize(
    ("action", "escape"),
    [
        ({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}, False),
        ({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}, True),
        ({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}, False),
    ],
)
def test_a_pdf_with_active_content_is_refused_with_a_message(action, escape):
    code, message = refusal("a.pdf", pdf(action, escape))
    assert code == "file_unsafe" and ("JavaScript" in message or "Launch" in message)


def test_a_pdf_that_opens_at_a_page_and_zoom_is_accepted():
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(100, 100)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    buffer = io.BytesIO()
    writer.write(buffer)
    assert validate_upload(SimpleUploadedFile("a.pdf", buffer.getvalue()), KINDS) == "pdf"


def test_a_body_over_the_limit_is_refused_before_it_is_read(settings):
    settings.MAX_REQUEST_SIZE = 1024
    request = RequestFactory().post("/documents/new/", {"file": SimpleUploadedFile("a.pdf", b"x" * 4096)})
    read = []
    request._stream.read = lambda *args: read.append(args) or b""
    response = RequestSizeLimitMiddleware(lambda request: pytest.fail("the view ran"))(request)
    assert response.status_code == 413
    assert read == [], "the body was read"
    assert "tối đa 1,0\xa0KB" in response.content.decode()  # filesizeformat joins with a no-break space


@pytest.mark.django_db
def test_the_site_answers_413_to_an_over_size_post_before_the_csrf_check(client, settings):
    settings.MAX_REQUEST_SIZE = 1024
    client.enforce_csrf_checks = True
    response = client.post(reverse("login"), {"username": "x" * 4096})
    assert response.status_code == 413


def test_a_body_within_the_limit_reaches_the_view(settings):
    settings.MAX_REQUEST_SIZE = 1024 * 1024
    request = RequestFactory().post("/documents/new/", {"title": "x"})
    assert RequestSizeLimitMiddleware(lambda request: "view")(request) == "view"


def _encrypted(user_password):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_restricted_by_its_owner_only_is_accepted_one_that_asks_a_password_is_refused():
    assert validate_upload(SimpleUploadedFile("a.pdf", _encrypted("")), KINDS) == "pdf"
    code, message = refusal("b.pdf", _encrypted("secret"))
    assert code == "file_unsafe" and "mã hóa" in message
