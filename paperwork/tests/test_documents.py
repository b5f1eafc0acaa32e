"""Each document, opened as Word (python-docx) and as PDF (pypdf), holds the stored Vietnamese text with its accents.

Header lines, number and symbol, place and date, the member's name, a
section's text and the signature block are looked for in NFC, so a lost or
decomposed diacritic fails the test.
"""

import datetime

import pytest
from django.urls import reverse

from directives.models import ExplanationReport
from organizations.services import Basis, merge
from paperwork.tests.conftest import COLLECTIVE_TEXT, INDIVIDUAL_TEXT, docx_text, pdf_text
from reports import cycle_report
from reviews.models import Manifestation, ManifestationAnswer
from reviews.tests.conftest import open_cycle

pytestmark = pytest.mark.django_db

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
WARD_HEADER = [PARTY, "ĐẢNG BỘ THÀNH PHỐ NAM ĐỊNH", "ĐẢNG ỦY PHƯỜNG TRẦN HƯNG ĐẠO"]
BRANCH_HEADER = [PARTY, "ĐẢNG BỘ PHƯỜNG TRẦN HƯNG ĐẠO", "CHI BỘ KHU PHỐ 1"]
WARD_SIGNATURE = ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Đức"]

# kind → (record in the world, the texts its document must hold)
EXPECTED = {
    "collective": (
        "ward_review",
        [
            *WARD_HEADER,
            "Mẫu 01-HD KĐ.ĐG 2025",
            "-BC/ĐU",
            "Nam Định, ngày 03 tháng 12 năm 2025",
            "BÁO CÁO",
            "I. Ưu điểm, kết quả đạt được",
            COLLECTIVE_TEXT["strengths"].splitlines()[0],
            COLLECTIVE_TEXT["responsibility"],
            "Việc cấp phép xây dựng ở khu phố 1",  # section IV, from the explanation report's rows
            "Trách nhiệm của đồng chí Nguyễn Văn Đức: Chịu trách nhiệm người đứng đầu về cấp phép.",
            "Tổng điểm: 89/100",
            "Nơi nhận:",
            "Thành ủy Nam Định (để báo cáo)",
            *WARD_SIGNATURE,
        ],
    ),
    "individual": (
        "individual_a",
        [
            *BRANCH_HEADER,
            "Mẫu 2C-HD KĐ.ĐG 2025",
            "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN",
            "Họ và tên: Trần Thị Hoa",
            "Ngày sinh: 01/01/1980",
            INDIVIDUAL_TEXT["strengths"],
            INDIVIDUAL_TEXT["manifestation_notes"],
            "Tổng điểm: 86/100",
            "Hoàn thành tốt nhiệm vụ",
            "NGƯỜI TỰ KIỂM ĐIỂM",
            "Trần Thị Hoa",
        ],
    ),
    "minutes": (
        "branch_review",
        [
            *BRANCH_HEADER,
            "-BB/CB",
            "Nam Định, ngày 05 tháng 12 năm 2025",
            "BIÊN BẢN",
            "Tổng số đảng viên được triệu tập: 3; có mặt: 3; vắng mặt: 0.",
            "Đồng chí Lê Quang Hưng, Ủy viên Ban Thường vụ phụ trách.",
            "Hội nghị thảo luận dân chủ, thẳng thắn, đúng quy định.",
            "Phạm Thị Ngọc Ánh",
            "THƯ KÝ HỘI NGHỊ",
            "CHỦ TRÌ HỘI NGHỊ",
        ],
    ),
    "member-slips": (
        "branch_review",
        [*BRANCH_HEADER, "PHIẾU BIỂU QUYẾT", "Phiếu số 3/3", "Trần Thị Hoa", "Hoàn thành xuất sắc nhiệm vụ"],
    ),
    "organization-slips": (
        "ward_review",
        [*WARD_HEADER, "xếp loại chất lượng tổ chức đảng năm 2025", "Chi bộ khu phố 1", "Không hoàn thành nhiệm vụ"],
    ),
    "decision": (
        "ward_review",
        [
            *WARD_HEADER,
            "-QĐ/ĐU",
            "Nam Định, ngày 20 tháng 12 năm 2025",
            "QUYẾT ĐỊNH",
            "Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng năm 2025 đối với 3 đảng viên",
            "DANH SÁCH",
            "Trần Thị Hoa",
            "Chi bộ khu phố 1",
            "Hoàn thành tốt nhiệm vụ",
            *WARD_SIGNATURE,
        ],
    ),
    "directive": (
        "directive",
        [
            PARTY,
            "THÀNH ỦY NAM ĐỊNH",
            "Số 201-TB/TU",
            "Nam Định, ngày 10 tháng 11 năm 2025",
            "THÔNG BÁO",
            "Gợi ý kiểm điểm sâu về quản lý đất đai",
            "Việc cấp phép xây dựng ở khu phố 1",
            "Đảng ủy phường Trần Hưng Đạo (để thực hiện)",
            "T/M BAN THƯỜNG VỤ",
        ],
    ),
    "explanation": (
        "report",
        [
            *WARD_HEADER,
            "-BC/ĐU",
            "Văn bản số 201-TB/TU ngày 10/11/2025 của Ban Thường vụ Thành ủy Nam Định",
            "Nguyên nhân chủ quan: Buông lỏng quản lý",
            "Trách nhiệm của người đứng đầu: Bí thư chịu trách nhiệm chính.",
            "Trách nhiệm của đồng chí Nguyễn Văn Đức",
            *WARD_SIGNATURE,
        ],
    ),
}
READERS = {"docx": docx_text, "pdf": pdf_text}
CONTENT_TYPES = {"docx": "wordprocessingml.document", "pdf": "application/pdf"}


def _document(client, kind, record, output="docx"):
    return client.get(reverse("paperwork:document", args=[kind, record.pk, output])).content


def _missing(texts, content):
    return [text for text in texts if text not in content]


@pytest.mark.parametrize("output", ["docx", "pdf"])
@pytest.mark.parametrize("kind", EXPECTED)
def test_each_document_holds_the_stored_text_in_the_partys_layout(kind, output, directive_world, login, secretary_a):
    key, texts = EXPECTED[kind]
    response = login(secretary_a).get(reverse("paperwork:document", args=[kind, directive_world[key].pk, output]))
    assert response.status_code == 200
    assert CONTENT_TYPES[output] in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment;") and f".{output}" in response["Content-Disposition"]
    content = READERS[output](response.content)
    assert not _missing(texts, content), f"{kind}.{output} lacks {_missing(texts, content)}"


def test_voting_slips_print_one_per_voter_prefilled_or_blank(world, login, secretary_a):
    client, pk = login(secretary_a), world["branch_review"].pk
    url = reverse("paperwork:document", args=["member-slips", pk, "docx"])
    prefilled = docx_text(client.get(url).content)
    assert prefilled.count("PHIẾU BIỂU QUYẾT") == 3  # three members present at the meeting
    assert "Nguyễn Văn Đức" in prefilled and "Phạm Thị Ngọc Ánh" in prefilled
    blank = docx_text(client.get(url, {"blank": "1", "copies": "5"}).content)
    assert blank.count("PHIẾU BIỂU QUYẾT") == 5
    assert "Trần Thị Hoa" not in blank


def test_the_checklist_answers_print_where_the_regime_uses_them(city, ward_a, branch_a, member_a, login, secretary_a):
    cycle = open_cycle(year=2018, code="QD132", organization=city)  # QĐ 132 / HD 16: the "có / không có" checklist
    review = cycle.individual_reviews.get(member=member_a)
    first, second = Manifestation.objects.order_by("group", "number")[:2]
    ManifestationAnswer.objects.create(review=review, manifestation=first, present=False)
    ManifestationAnswer.objects.create(review=review, manifestation=second, present=True)
    content = docx_text(_document(login(secretary_a), "individual", review))
    assert first.text in content and second.text in content
    assert "Không có biểu hiện" in content and "Có biểu hiện" in content
    assert "Mẫu 2C" in content  # the older regime's form code


def test_the_cycle_report_prints_in_the_official_layout_draft_and_finalized(world, ward_a, login, city_staff):
    client = login(city_staff)
    client.post(
        reverse("reports:cycle_report_edit", args=[world["cycle"].pk, ward_a.pk]),
        {
            "assessment": "Các tổ chức đảng đoàn kết, hoàn thành tốt nhiệm vụ.",
            "direction": "Tăng cường kiểm tra.",
            "revision": 0,
        },
    )
    draft = client.get(reverse("paperwork:cycle_report", args=[world["cycle"].pk, ward_a.pk, "pdf"]))
    text = pdf_text(draft.content)
    for phrase in (*WARD_HEADER, "DỰ THẢO", "I. Kết quả xếp loại chất lượng tổ chức đảng", "Tăng cường kiểm tra."):
        assert phrase in text, phrase
    version = cycle_report.finalize(world["cycle"], ward_a, city_staff)
    final = docx_text(_document(client, "cycle-report-version", version))
    for phrase in (*WARD_HEADER, "-BC/ĐU", "Bản chính thức số 1.", "Các tổ chức đảng đoàn kết"):
        assert phrase in final, phrase
    assert "DỰ THẢO" not in final


def test_a_proposed_directive_prints_as_a_draft(directive_world, login, city_staff, inspector, city, ward_a):
    from directives import services

    proposal = services.propose(
        inspector, issuer=city, cycle=directive_world["cycle"], title="Đề xuất gợi ý kiểm điểm", reasons=["disunity"],
        organizations=[ward_a], free_items=["Đoàn kết nội bộ"],
    )  # fmt: skip
    content = docx_text(_document(login(city_staff), "directive", proposal))
    assert "DỰ THẢO" in content and "Đoàn kết nội bộ" in content


def test_an_unknown_kind_or_output_answers_404(world, login, secretary_a):
    client, pk = login(secretary_a), world["ward_review"].pk
    assert client.get(reverse("paperwork:document", args=["nothing", pk, "docx"])).status_code == 404
    assert client.get(reverse("paperwork:document", args=["collective", pk, "odt"])).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "key"),
    [("reviews:collective_detail", "ward_review"), ("reviews:individual_detail", "individual_a")],
)
def test_review_pages_offer_their_documents_as_word_and_pdf(url_name, key, directive_world, login, secretary_a):
    record = directive_world[key]
    page = login(secretary_a).get(reverse(url_name, args=[record.pk])).content.decode()
    kind = "collective" if key == "ward_review" else "individual"
    for output in ("docx", "pdf"):
        assert reverse("paperwork:document", args=[kind, record.pk, output]) in page
    assert (reverse("paperwork:file_start", args=[record.pk]) in page) == (kind == "collective")


def test_directive_explanation_and_cycle_report_pages_offer_their_documents(directive_world, ward_a, login, city_staff):
    client = login(city_staff)
    directive, report = directive_world["directive"], directive_world["report"]
    page = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert reverse("paperwork:document", args=["directive", directive.pk, "docx"]) in page
    page = client.get(reverse("directives:report", args=[report.pk])).content.decode()
    assert reverse("paperwork:document", args=["explanation", report.pk, "pdf"]) in page
    page = client.get(reverse("reports:cycle_report", args=[directive_world["cycle"].pk, ward_a.pk])).content.decode()
    assert reverse("paperwork:cycle_report", args=[directive_world["cycle"].pk, ward_a.pk, "docx"]) in page


@pytest.mark.parametrize("copies", ["²", "٣", "1\x00", "9" * 40])
def test_a_hostile_number_of_copies_prints_the_default(world, login, secretary_a, copies):
    url = reverse("paperwork:document", args=["member-slips", world["branch_review"].pk, "docx"])
    response = login(secretary_a).get(url, {"blank": "1", "copies": copies})
    assert response.status_code == 200
    assert docx_text(response.content).count("PHIẾU BIỂU QUYẾT") == 3


def test_the_docx_of_a_handed_over_explanation_report_names_the_ward_it_answers_for(
    directive_world, ward_a, ward_b, secretary_b, login
):
    basis = Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
    merge([ward_a], ward_b, datetime.date(2025, 12, 15), basis)
    report = ExplanationReport.objects.get(origin_organization=ward_a)
    assert report.organization == ward_b
    answering = "Đảng bộ phường Quang Trung (trả lời thay cho Đảng bộ phường Trần Hưng Đạo)"

    client = login(secretary_b)
    response = client.get(reverse("paperwork:document", args=["explanation", report.pk, "docx"]))
    assert answering + " báo cáo giải trình như sau:" in docx_text(response.content)
    assert "bao-cao-giai-trinh-p-qt-thay-p-thd-" in response["Content-Disposition"]
    page = client.get(reverse("directives:report", args=[report.pk])).content.decode()
    assert answering in page
