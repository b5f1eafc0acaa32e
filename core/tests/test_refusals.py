"""Each refusal of the submission workflow (``save_sections``, ``transition``): its message, and nothing changed."""

import datetime

import pytest

from core.workflow import SubmissionAction, SubmissionStatus, save_sections, transition
from reviews.models import CollectiveReview, ReviewCycle, RuleSet
from tests.refusals import assert_refused


@pytest.fixture
def report(ward_a):
    """A draft collective review: the workflow's own tests need no opened cycle."""
    cycle = ReviewCycle.objects.create(
        year=2017,
        rule_set=RuleSet.objects.get(code="HD27"),
        opened_on=datetime.date(2017, 10, 1),
        reference_date=datetime.date(2017, 12, 15),
    )
    return CollectiveReview.objects.create(cycle=cycle, organization=ward_a)


def _filled(report, status=SubmissionStatus.DRAFT):
    CollectiveReview.objects.filter(pk=report.pk).update(
        strengths="Mạnh", weaknesses="Yếu", responsibility="Ban Thường vụ", directions="Khắc phục", status=status
    )
    report.refresh_from_db()
    return report


def test_save_sections_refuses_a_report_that_is_no_longer_editable(report):
    _filled(report, SubmissionStatus.SUBMITTED)
    assert_refused(
        lambda: save_sections(report, {"strengths": "Sửa"}, report.revision),
        "Báo cáo ở trạng thái hiện tại không thể sửa được nữa.",
    )


def test_save_sections_refuses_a_report_submitted_since_the_editor_loaded_it(report):
    CollectiveReview.objects.filter(pk=report.pk).update(status=SubmissionStatus.SUBMITTED)
    assert_refused(
        lambda: save_sections(report, {"strengths": "Sửa"}, report.revision),
        "Báo cáo ở trạng thái hiện tại không thể sửa được nữa.",
    )


def test_save_sections_refuses_an_edit_made_against_an_older_revision(report):
    save_sections(report, {"strengths": "Bản thứ nhất"}, report.revision)
    conflict = assert_refused(
        lambda: save_sections(report, {"strengths": "Bản thứ hai"}, report.revision - 1),
        "Người khác đã lưu báo cáo này sau khi đồng chí mở nó. Chưa có gì được lưu.",
    )
    assert conflict.theirs == {"strengths": "Bản thứ nhất"}


def test_transition_refuses_an_action_the_state_does_not_allow(report):
    assert_refused(
        lambda: transition(report, SubmissionAction.ACCEPT, None),
        "Không thể “Chấp nhận” khi báo cáo đang ở trạng thái “Dự thảo”.",
    )


def test_transition_refuses_to_submit_while_a_required_section_is_empty(report):
    assert_refused(lambda: transition(report, SubmissionAction.SUBMIT, None), "Các mục bắt buộc sau còn trống:")


def test_transition_refuses_to_return_a_report_without_a_reason(report):
    transition(_filled(report), SubmissionAction.SUBMIT, None)
    assert_refused(
        lambda: transition(report, SubmissionAction.RETURN, None, reasons={"strengths": "  "}),
        "Khi trả lại báo cáo, hãy nêu ít nhất một lý do gắn với một mục.",
    )
