"""The shared submission workflow (core.workflow) exercised through both review models."""

import pytest

from core.errors import DomainError
from core.workflow import (
    TRANSITIONS,
    EditConflict,
    ReturnReason,
    SubmissionAction,
    SubmissionStatus,
    save_sections,
    transition,
)
from reviews.models import CollectiveReview
from reviews.tests.conftest import fill


@pytest.fixture(params=["collective", "individual"])
def report(request, review_a, individual_a):
    return fill(review_a if request.param == "collective" else individual_a)


def _set_status(report, status):
    type(report).objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


ALL_PAIRS = [(action, status) for action in SubmissionAction for status in SubmissionStatus]


@pytest.mark.parametrize("action,status", ALL_PAIRS)
def test_each_transition_is_allowed_exactly_from_its_source_states(report, city_staff, action, status):
    _set_status(report, status)
    sources, target = TRANSITIONS[action]
    reasons = {"weaknesses": "Chưa nêu nguyên nhân"} if action == SubmissionAction.RETURN else None
    if status in sources:
        version = transition(report, action, city_staff, reasons=reasons)
        expected = SubmissionStatus.RESUBMITTED if (action, status) == ("submit", "returned") else target
        assert report.status == expected == version.status_after
    else:
        with pytest.raises(DomainError):
            transition(report, action, city_staff, reasons=reasons)
        report.refresh_from_db()
        assert report.status == status
        assert not report.versions().exists()


def test_the_full_cycle_keeps_every_version_with_its_content(report, secretary_a, city_staff):
    transition(report, "submit", secretary_a)
    transition(report, "return", city_staff, reasons={"weaknesses": "Nêu rõ nguyên nhân chủ quan"})
    save_sections(report, {"weaknesses": "Sinh hoạt chưa đều do chủ quan."}, report.revision)
    transition(report, "submit", secretary_a)
    assert report.status == SubmissionStatus.RESUBMITTED
    transition(report, "accept", city_staff)
    transition(report, "reopen", city_staff, note="Kiểm điểm lại")
    assert report.status == SubmissionStatus.DRAFT
    versions = list(report.versions())
    assert [v.action for v in versions] == ["submit", "return", "submit", "accept", "reopen"]
    assert versions[0].snapshot["weaknesses"].startswith("Sinh hoạt chi bộ chưa đều")
    assert versions[2].snapshot["weaknesses"] == "Sinh hoạt chưa đều do chủ quan."
    assert versions[0].created_by == secretary_a


def test_a_return_needs_a_reason_attached_to_a_section(report, secretary_a, city_staff):
    transition(report, "submit", secretary_a)
    with pytest.raises(DomainError):
        transition(report, "return", city_staff, reasons={"weaknesses": "   "})
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    version = transition(report, "return", city_staff, reasons={"weaknesses": "Thiếu nguyên nhân"})
    assert list(ReturnReason.objects.filter(version=version).values_list("section", "text")) == [
        ("weaknesses", "Thiếu nguyên nhân")
    ]


def test_a_submission_with_empty_required_sections_is_refused(review_a, secretary_a):
    with pytest.raises(DomainError, match="required"):
        transition(review_a, "submit", secretary_a)
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.DRAFT
    assert not review_a.versions().exists()


def test_the_reviewer_sees_what_changed_since_the_last_version(report, secretary_a, city_staff):
    transition(report, "submit", secretary_a)
    assert report.changes_since_last_version() == []
    transition(report, "return", city_staff, reasons={"directions": "Cụ thể hơn"})
    save_sections(report, {"directions": "Mỗi tháng một chuyên đề."}, report.revision)
    changes = report.changes_since_last_version()
    assert [(old, new) for _label, old, new in changes] == [("Đổi mới nội dung sinh hoạt.", "Mỗi tháng một chuyên đề.")]


def test_a_second_editor_of_the_same_draft_gets_a_conflict_with_the_first_ones_text(review_a):
    first = CollectiveReview.objects.get(pk=review_a.pk)
    second = CollectiveReview.objects.get(pk=review_a.pk)
    save_sections(first, {"strengths": "Bản của người thứ nhất"}, first.revision)
    with pytest.raises(EditConflict) as conflict:
        save_sections(second, {"strengths": "Bản của người thứ hai"}, second.revision)
    assert conflict.value.theirs == {"strengths": "Bản của người thứ nhất"}
    review_a.refresh_from_db()
    assert review_a.strengths == "Bản của người thứ nhất"


def test_a_submitted_report_cannot_be_edited(report, secretary_a):
    transition(report, "submit", secretary_a)
    with pytest.raises(DomainError):
        save_sections(report, {"strengths": "Sửa sau khi nộp"}, report.revision)
    report.refresh_from_db()
    assert report.strengths != "Sửa sau khi nộp"


def test_versions_are_kept_per_report(review_a, review_b, secretary_a, secretary_b):
    transition(fill(review_a), "submit", secretary_a)
    transition(fill(review_b), "submit", secretary_b)
    assert review_a.versions().count() == review_b.versions().count() == 1
    assert review_a.last_version().number == review_b.last_version().number == 1
