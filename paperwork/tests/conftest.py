"""A reviewed ward for the document tests: a 2025 cycle filled in, a meeting, decisions, a directive; private media."""

import datetime
import io
import unicodedata

import pytest
from django.utils import timezone

from directives.models import ExplanationReport
from directives.tests.conftest import fill_report
from members.models import Member
from reviews.models import MeetingRecord
from reviews.tests.conftest import open_cycle
from tests.factories import issue_directive, make_member

DECIDED_AT = timezone.make_aware(datetime.datetime(2025, 12, 20, 9, 0))
SUBMITTED_AT = timezone.make_aware(datetime.datetime(2025, 12, 3, 9, 0))

COLLECTIVE_TEXT = {
    "strengths": "Lãnh đạo hoàn thành xuất sắc chỉ tiêu nghị quyết về xây dựng Đảng.\n"
    "Đoàn kết, thống nhất trong cấp ủy.",
    "weaknesses": "Sinh hoạt chi bộ có lúc chưa đều đặn.",
    "causes": "Khách quan: địa bàn rộng; chủ quan: buông lỏng kiểm tra.",
    "responsibility": "Trách nhiệm chính thuộc về Ban Thường vụ Đảng ủy.",
    "directions": "Đổi mới nội dung sinh hoạt chi bộ.",
}
INDIVIDUAL_TEXT = {
    "strengths": "Giữ gìn phẩm chất đạo đức, lối sống; tích cực tham gia sinh hoạt khu dân cư.",
    "manifestation_notes": "Không có biểu hiện suy thoái về tư tưởng chính trị.",
    "weaknesses": "Đôi lúc chưa mạnh dạn góp ý trong sinh hoạt.",
    "directions": "Tích cực học tập, nâng cao trình độ lý luận.",
}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def nfc(text):
    return unicodedata.normalize("NFC", text)


def docx_text(content):
    """Every paragraph of a Word file, table cells included, in NFC."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return nfc("\n".join(parts))


def pdf_text(content):
    """The text of a PDF in NFC, every run of white space (line ends, justified gaps) as one space."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(nfc(" ".join(page.extract_text() for page in reader.pages)).split())


@pytest.fixture
def head_a(branch_a):
    """The ward's secretary, a member of its branch (2A: leader)."""
    return make_member(branch_a, full_name="Nguyễn Văn Đức", party_position="Bí thư Đảng ủy phường", is_leader=True)


@pytest.fixture
def cell_head_a(branch_a):
    """The branch's secretary (2B: works in the political system)."""
    return make_member(
        branch_a, full_name="Phạm Thị Ngọc Ánh", party_position="Bí thư Chi bộ", works_in_political_system=True
    )


@pytest.fixture
def world(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, head_a, cell_head_a):
    """The 2025 cycle over the city with ward A's reviews filled in, rated and decided."""
    cycle = open_cycle(organization=city)
    ward_review = cycle.collective_reviews.get(organization=ward_a)
    branch_review = cycle.collective_reviews.get(organization=branch_a)
    for review in (ward_review, branch_review):
        type(review).objects.filter(pk=review.pk).update(
            **COLLECTIVE_TEXT,
            general_score=27,
            results_score=62,
            self_level="httnv",
            submitted_at=SUBMITTED_AT,
        )
    ward_review.refresh_from_db()
    branch_review.refresh_from_db()
    type(branch_review).objects.filter(pk=branch_review.pk).update(decided_level="httnv", decided_at=DECIDED_AT)
    individuals = cycle.individual_reviews.filter(organization=branch_a)
    individuals.update(
        **INDIVIDUAL_TEXT, general_score=26, results_score=60, self_level="httnv", proposed_level="httnv"
    )
    individuals.update(decided_level="httnv", decided_at=DECIDED_AT)
    MeetingRecord.objects.create(
        review=branch_review,
        held_on=datetime.date(2025, 12, 5),
        draft_shared_on=datetime.date(2025, 12, 1),
        attendees_expected=3,
        attendees_present=3,
        attendees="Trần Thị Hoa\nNguyễn Văn Đức\nPhạm Thị Ngọc Ánh",
        standing_member="Lê Quang Hưng",
        minutes="Hội nghị thảo luận dân chủ, thẳng thắn, đúng quy định.",
    )
    return {
        "cycle": cycle,
        "ward_review": ward_review,
        "branch_review": branch_review,
        "ward_b_review": cycle.collective_reviews.get(organization=ward_b),
        "individual_a": cycle.individual_reviews.get(member=Member.objects.get(full_name="Trần Thị Hoa")),
        "individual_b": cycle.individual_reviews.get(member__full_name="Lê Văn Bình"),
    }


@pytest.fixture
def directive_world(world, city, ward_a, inspector, city_staff, standing_member_a, secretary_a, head_a):
    """An issued directive aimed at ward A in the 2025 cycle, with its explanation filled in."""
    directive = issue_directive(
        world["cycle"],
        city,
        [ward_a],
        inspector,
        city_staff,
        standing_member_a,
        "201-TB/TU",
        title="Gợi ý kiểm điểm sâu về quản lý đất đai",
        free_items=["Việc cấp phép xây dựng ở khu phố 1"],
    )
    report = ExplanationReport.objects.get(directive=directive, organization=ward_a)
    fill_report(report, secretary_a, people=[(head_a, "Chịu trách nhiệm người đứng đầu về cấp phép.")])
    return {
        **world,
        "directive": directive,
        "report": ExplanationReport.objects.get(pk=report.pk),
    }
