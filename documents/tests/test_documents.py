"""The document register: list, search, filters, create and edit by city staff, download through access checks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.forms import DocumentFilterForm
from documents.models import Document, DocumentType
from documents.tests.conftest import PDF_BYTES, docx_bytes, upload
from tests.factories import make_organization


def _form(**changes):
    data = {
        "number": "20-CTr/TU",
        "kind": DocumentType.ACTION_PROGRAMME,
        "issuing_body": "Ban Thường vụ Thành ủy Nam Định",
        "issued_on": "15/02/2017",
        "title": "Chương trình hành động thực hiện Nghị quyết Trung ương 4",
        "summary": "",
    }
    data.update(changes)
    return data


def _state():
    return list(Document.objects.values_list("pk", "number", "title", "file", "updated_at"))


def test_city_staff_registers_a_document_with_a_docx_file_and_downloads_it(login, city, city_staff):
    client = login(city_staff)
    response = client.post(
        reverse("documents:create"),
        _form(organization=city.pk, file=upload("chuong-trinh.docx", docx_bytes(), "application/octet-stream")),
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.year == 2017 and document.file_name == "chuong-trinh.docx"
    assert "chuong-trinh" not in document.file.name  # stored under a random name
    download = client.get(reverse("documents:file", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == docx_bytes()
    assert "chuong-trinh.docx" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", b"MZ\x90\x00 a program", "không thuộc loại được chấp nhận"),
        ("anh.docx", b"\x89PNG\r\n\x1a\n....", "không thuộc loại được chấp nhận"),
    ],
)
def test_a_file_that_is_not_pdf_or_docx_by_content_is_refused(login, city, city_staff, name, content, message):
    response = login(city_staff).post(
        reverse("documents:create"), _form(organization=city.pk, file=upload(name, content))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_and_the_stored_one_kept(login, city, city_staff, document, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    before = _state()
    response = login(city_staff).post(
        reverse("documents:edit", args=[document.pk]),
        _form(organization=city.pk, number=document.number, file=upload("lon.pdf", PDF_BYTES + b"0" * 4096)),
    )
    assert response.status_code == 200
    assert "tệp chỉ được tối đa 1,0" in response.content.decode()
    assert _state() == before


def test_a_number_taken_by_the_issuer_in_the_same_year_is_refused(login, city, city_staff, document):
    response = login(city_staff).post(
        reverse("documents:create"), _form(organization=city.pk, number="15-KH/TU", issued_on="01/06/2017")
    )
    assert "đã có văn bản số 15-KH/TU trong năm 2017" in response.content.decode()
    assert Document.objects.count() == 1
    # Another year is another series.
    response = login(city_staff).post(
        reverse("documents:create"), _form(organization=city.pk, number="15-KH/TU", issued_on="01/06/2018")
    )
    assert response.status_code == 302 and Document.objects.count() == 2


def test_search_ignores_diacritics_and_filters_by_type_and_year(login, city, secretary_a, document):
    Document.objects.create(
        organization=city, number="05-CT/TW", kind=DocumentType.DIRECTIVE, issuing_body="Bộ Chính trị",
        issued_on=datetime.date(2016, 5, 15), title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh",
    )  # fmt: skip
    client = login(secretary_a)
    page = client.get(reverse("documents:list"), {"q": "NGHI QUYET TRUNG UONG"}).content.decode()
    assert "15-KH/TU" in page and "05-CT/TW" not in page
    page = client.get(reverse("documents:list"), {"kind": "directive"}).content.decode()
    assert "05-CT/TW" in page and "15-KH/TU" not in page
    page = client.get(reverse("documents:list"), {"year": "2016"}).content.decode()
    assert "05-CT/TW" in page and "15-KH/TU" not in page
    page = client.get(reverse("documents:list"), {"q": "không có gì"}).content.decode()
    assert "Không có văn bản nào phù hợp." in page


def test_the_register_filters_by_issuing_body_and_counts_each_ones_documents(login, city, secretary_a, document):
    """Issue 11, point 10: "the 7 documents of the Standing Committee" can be shown as such."""
    for number in range(2, 8):
        Document.objects.create(
            organization=city, number=f"{number}-KH/TU", kind=DocumentType.PLAN,
            issuing_body="Ban Thường vụ Thành ủy Nam Định", issued_on=datetime.date(2017, 2, number), title="Kế hoạch",
        )  # fmt: skip
    Document.objects.create(
        organization=city, number="05-CT/TW", kind=DocumentType.DIRECTIVE, issuing_body="Bộ Chính trị",
        issued_on=datetime.date(2016, 5, 15), title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh",
    )  # fmt: skip
    client = login(secretary_a)
    page = client.get(reverse("documents:list")).content.decode()
    assert ">Ban Thường vụ Thành ủy Nam Định (7)</option>" in page and ">Bộ Chính trị (1)</option>" in page
    assert "8 văn bản" in page
    page = client.get(reverse("documents:list"), {"issuer": "Ban Thường vụ Thành ủy Nam Định"}).content.decode()
    assert "7 văn bản" in page and "05-CT/TW" not in page and "15-KH/TU" in page
    assert 'value="Ban Thường vụ Thành ủy Nam Định" selected' in page
    # The counts follow the other filters; the chosen issuer stays offered even with none left.
    page = client.get(reverse("documents:list"), {"issuer": "Bộ Chính trị", "year": "2017"}).content.decode()
    assert ">Bộ Chính trị (0)</option>" in page and ">Ban Thường vụ Thành ủy Nam Định (7)</option>" in page
    assert "Không có văn bản nào phù hợp." in page
    # The Excel export of the list applies the same filter.
    narrowed = DocumentFilterForm({"issuer": "Bộ Chính trị"}).filter(Document.objects.all())
    assert list(narrowed.values_list("number", flat=True)) == ["05-CT/TW"]


def test_list_sorts_by_number(login, city, city_staff, document):
    Document.objects.create(
        organization=city, number="01-NQ/TU", kind=DocumentType.RESOLUTION, issuing_body="Ban Thường vụ Thành ủy",
        issued_on=datetime.date(2017, 3, 1), title="Nghị quyết",
    )  # fmt: skip
    page = login(city_staff).get(reverse("documents:list"), {"sort": "number"}).content.decode()
    assert page.index("01-NQ/TU") < page.index("15-KH/TU")
    page = login(city_staff).get(reverse("documents:list"), {"sort": "-number"}).content.decode()
    assert page.index("15-KH/TU") < page.index("01-NQ/TU")


def test_list_query_count_does_not_grow_with_rows(login, city, city_staff):
    client = login(city_staff)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("documents:list")).status_code == 200
        return len(queries)

    def add(start, n):
        for i in range(start, start + n):
            Document.objects.create(
                organization=city, number=f"{i}-TB/TU", kind=DocumentType.NOTICE, issuing_body="BTV",
                issued_on=datetime.date(2017, 1, 1), title=f"Thông báo {i}",
            )  # fmt: skip

    add(0, 2)
    few = count()
    add(2, 40)
    assert count() == few


def test_secretary_reads_city_documents_but_cannot_register_or_edit(login, city, secretary_a, document):
    client = login(secretary_a)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    before = _state()
    assert client.post(reverse("documents:create"), _form(organization=city.pk)).status_code == 403
    assert client.post(reverse("documents:edit", args=[document.pk]), _form(organization=city.pk)).status_code == 403
    assert _state() == before


def test_inspection_reads_but_cannot_edit(login, city, inspector, document):
    client = login(inspector)
    assert client.get(reverse("documents:list")).status_code == 200
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    before = _state()
    assert client.post(reverse("documents:edit", args=[document.pk]), _form(organization=city.pk)).status_code == 403
    assert _state() == before


def test_a_ward_document_does_not_leak_to_another_ward(login, ward_a, secretary_b, secretary_a, settings):
    ward_document = Document.objects.create(
        organization=ward_a, number="3-KH/ĐU", kind=DocumentType.PLAN, issuing_body="Đảng ủy phường Trần Hưng Đạo",
        issued_on=datetime.date(2017, 2, 1), title="Kế hoạch của phường", file="documents/x.pdf", file_name="x.pdf",
    )  # fmt: skip
    client = login(secretary_b)
    for name in ("detail", "edit", "file"):
        response = client.get(reverse(f"documents:{name}", args=[ward_document.pk]))
        assert response.status_code == 404, f"document {name} of ward A leaked to ward B"
    assert "3-KH/ĐU" not in client.get(reverse("documents:list")).content.decode()
    assert login(secretary_a).get(reverse("documents:detail", args=[ward_document.pk])).status_code == 200


def test_a_document_of_another_province_is_invisible(login, city_staff):
    elsewhere = make_organization("Tỉnh ủy khác", code="TK")
    other = Document.objects.create(
        organization=elsewhere, number="1-NQ/TU", kind=DocumentType.RESOLUTION, issuing_body="Tỉnh ủy khác",
        issued_on=datetime.date(2017, 1, 1), title="Khác",
    )  # fmt: skip
    assert login(city_staff).get(reverse("documents:detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("name", ["list", "create", "detail", "edit", "file"])
def test_anonymous_is_sent_to_login(client, name, document):
    url = reverse(f"documents:{name}", args=[] if name in {"list", "create"} else [document.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
