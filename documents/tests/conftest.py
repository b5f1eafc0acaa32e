"""Fixtures of the document tests: files kept in a temporary MEDIA_ROOT, and sample files of each kind."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document, DocumentType

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _office_file(part, body):
    """A minimal Office file: its parts carry a fixed time, so two calls give the same bytes (a zip entry's
    time is the clock's by default, and a test comparing a download with a second call failed across a
    2-second tick)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"), (part, body)):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2017, 2, 15, 0, 0, 0)), text)
    return buffer.getvalue()


def docx_bytes():
    return _office_file("word/document.xml", "<w:document/>")


def xlsx_bytes():
    return _office_file("xl/workbook.xml", "<workbook/>")


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def document(city):
    return Document.objects.create(
        organization=city,
        number="15-KH/TU",
        kind=DocumentType.PLAN,
        issuing_body="Ban Thường vụ Thành ủy Nam Định",
        issued_on=datetime.date(2017, 1, 10),
        title="Kế hoạch thực hiện Nghị quyết Trung ương 4 khóa XII",
        summary="Số hiệu giả định",
    )
