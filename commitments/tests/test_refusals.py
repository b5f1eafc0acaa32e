"""Each refusal of the commitment verbs (``commitments.services``): the Vietnamese message, and nothing changed.

``commitment_a`` is ward A's open commitment, created by city staff with ward
A's secretary accountable; ``reported_a`` is the same one reported completed.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import CarryOverAssessment, CarryOverItem, Commitment, SourceKind, VerificationOutcome
from commitments.tests.conftest import in_days, upload
from reviews.models import CollectiveReview
from tests.refusals import assert_refused


def _row(**values):
    return {"shortcoming": "Sinh hoạt chưa đều", "measure": "Họp hằng tháng", "deadline": in_days(30), **values}


def _create(source, rows, user, **extra):
    return lambda: services.create_commitments(SourceKind.COLLECTIVE_REVIEW, source, rows, user, **extra)


# ---------------------------------------------------------------- create_commitments


def test_creating_from_an_unknown_kind_of_source_is_refused(review_a, city_staff):
    assert_refused(
        lambda: services.create_commitments("meeting_minutes", review_a, [_row()], city_staff),
        "Không thể tạo cam kết từ nguồn này.",
    )


def test_creating_for_another_organization_than_the_sources_is_refused(review_a, ward_b, city_staff):
    assert_refused(
        _create(review_a, [_row()], city_staff, organization=ward_b),
        "Cam kết phải thuộc tổ chức của nguồn kết luận (Đảng bộ phường Trần Hưng Đạo).",
    )


def test_creating_without_a_row_is_refused(review_a, city_staff):
    assert_refused(_create(review_a, [], city_staff), "Hãy nhập ít nhất một biện pháp khắc phục.")


def test_a_row_without_its_measure_refuses_the_rows_before_it_too(review_a, city_staff):
    assert_refused(
        _create(review_a, [_row(), _row(measure="  ")], city_staff),
        "Dòng 2: hãy nhập hạn chế và biện pháp khắc phục.",
    )


@pytest.mark.parametrize("deadline", [in_days(-1), None], ids=["past", "missing"])
def test_a_row_whose_deadline_is_before_today_or_missing_refuses_every_row(review_a, city_staff, deadline):
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert_refused(
        _create(review_a, [_row(), _row(deadline=deadline)], city_staff),
        f"Dòng 2: thời hạn không được trước ngày tạo cam kết ({today}).",
    )


# ---------------------------------------------------------------- post_progress and report_completed


def test_progress_on_a_commitment_reported_completed_is_refused(reported_a, secretary_a):
    assert_refused(
        lambda: services.post_progress(reported_a, secretary_a, in_days(0), percentage=100),
        "Không thể cập nhật tiến độ cho cam kết đã hoàn thành hoặc đã đóng.",
    )


def test_progress_without_a_percentage_or_a_stage_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.post_progress(commitment_a, secretary_a, in_days(0)),
        "Hãy nhập tỷ lệ phần trăm hoặc giai đoạn.",
    )


def test_a_percentage_above_100_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.post_progress(commitment_a, secretary_a, in_days(0), percentage=101),
        "Tỷ lệ phần trăm phải từ 0 đến 100.",
    )


def test_progress_dated_in_the_future_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.post_progress(commitment_a, secretary_a, in_days(1), percentage=50),
        "Ngày cập nhật tiến độ không được ở tương lai.",
    )


def test_progress_with_an_empty_evidence_file_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.post_progress(
            commitment_a, secretary_a, in_days(0), percentage=50, files=[upload("bien-ban.pdf", b"")]
        ),
        "bien-ban.pdf",
        field="files",
    )


def test_reporting_completed_twice_is_refused(reported_a, secretary_a):
    assert_refused(
        lambda: services.report_completed(reported_a, secretary_a, "Lại xong"),
        "Chỉ cam kết đang mở hoặc đã mở lại mới có thể báo cáo hoàn thành.",
    )


def test_reporting_completed_without_saying_what_changed_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.report_completed(commitment_a, secretary_a, "  "),
        "Hãy tóm tắt những gì đã thay đổi trước khi báo cáo hoàn thành.",
    )


def test_reporting_completed_with_evidence_of_another_type_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.report_completed(commitment_a, secretary_a, "Xong", files=[upload("x.pdf", b"MZ\x90\x00")]),
        "x.pdf",
        field="files",
    )


# ---------------------------------------------------------------- verify


def test_a_verification_without_a_written_assessment_is_refused(reported_a, inspector):
    assert_refused(
        lambda: services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, " "),
        "Bắt buộc phải có đánh giá hiệu quả bằng văn bản.",
    )


def test_a_verification_without_a_known_outcome_is_refused(reported_a, inspector):
    assert_refused(lambda: services.verify(reported_a, inspector, "maybe", "Chưa rõ"), "Hãy chọn kết quả thẩm định.")


def test_the_owner_verifying_their_own_commitment_is_refused(reported_a, secretary_a):
    assert_refused(
        lambda: services.verify(reported_a, secretary_a, VerificationOutcome.VERIFIED, "Tốt"),
        "Chủ thể của cam kết không được tự thẩm định cam kết của mình.",
    )


def test_verifying_a_commitment_not_waiting_for_verification_is_refused(commitment_a, inspector):
    assert_refused(
        lambda: services.verify(commitment_a, inspector, VerificationOutcome.VERIFIED, "Tốt"),
        "Cam kết này không còn chờ thẩm định: người khác vừa thẩm định xong.",
    )


# ---------------------------------------------------------------- extensions


def _later(commitment, days=30):
    return commitment.deadline + datetime.timedelta(days=days)


def test_an_extension_of_a_commitment_reported_completed_is_refused(reported_a, secretary_a):
    assert_refused(
        lambda: services.request_extension(reported_a, secretary_a, _later(reported_a), "Mưa bão"),
        "Chỉ được đề nghị gia hạn khi cam kết đang thực hiện.",
    )


def test_an_extension_without_a_reason_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.request_extension(commitment_a, secretary_a, _later(commitment_a), " "),
        "Hãy nêu lý do đề nghị gia hạn.",
    )


def test_an_extension_to_the_current_deadline_or_before_is_refused(commitment_a, secretary_a):
    assert_refused(
        lambda: services.request_extension(commitment_a, secretary_a, commitment_a.deadline, "Mưa bão"),
        "Thời hạn mới phải sau hạn hiện tại.",
    )


def test_a_second_extension_while_one_waits_for_a_decision_is_refused(commitment_a, secretary_a):
    services.request_extension(commitment_a, secretary_a, _later(commitment_a), "Mưa bão")
    assert_refused(
        lambda: services.request_extension(commitment_a, secretary_a, _later(commitment_a, 60), "Lại mưa"),
        "Đã có một đề nghị gia hạn đang chờ quyết định.",
    )


def test_deciding_on_ones_own_extension_request_is_refused(commitment_a, city_staff):
    request = services.request_extension(commitment_a, city_staff, _later(commitment_a), "Mưa bão")
    assert_refused(
        lambda: services.decide_extension(request, city_staff, approve=True),
        "Đồng chí không được tự quyết định yêu cầu gia hạn của chính mình.",
    )


def test_deciding_an_extension_request_twice_is_refused(commitment_a, secretary_a, city_staff):
    request = services.request_extension(commitment_a, secretary_a, _later(commitment_a), "Mưa bão")
    services.decide_extension(request, city_staff, approve=False, note="Không đủ căn cứ")
    assert_refused(
        lambda: services.decide_extension(request, city_staff, approve=True),
        "Đề nghị gia hạn này đã được quyết định.",
    )


def test_approving_an_extension_of_a_commitment_verified_meanwhile_is_refused(
    commitment_a, secretary_a, city_staff, inspector
):
    request = services.request_extension(commitment_a, secretary_a, _later(commitment_a), "Mưa bão")
    services.report_completed(commitment_a, secretary_a, "Xong sớm")
    services.verify(commitment_a, inspector, VerificationOutcome.VERIFIED, "Hiệu quả")
    assert_refused(
        lambda: services.decide_extension(request, city_staff, approve=True), "Không thể gia hạn cam kết đã đóng."
    )


# ---------------------------------------------------------------- assess_carry_over


@pytest.fixture
def carried(commitment_a, next_cycle, ward_a):
    CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    services.carry_over(next_cycle)
    return CarryOverItem.objects.get()


def test_a_carry_over_assessment_that_is_not_one_of_the_choices_is_refused(carried, standing_member_a):
    assert_refused(
        lambda: services.assess_carry_over(carried, standing_member_a, "half"), "Hãy chọn mức độ khắc phục hạn chế."
    )


@pytest.mark.parametrize("degree", [None, 101], ids=["missing", "above-100"])
def test_being_remedied_without_a_degree_between_0_and_100_is_refused(carried, standing_member_a, degree):
    assert_refused(
        lambda: services.assess_carry_over(carried, standing_member_a, CarryOverAssessment.IN_PROGRESS, degree),
        "Hãy nhập mức độ khắc phục, từ 0 đến 100%.",
    )


# ---------------------------------------------------------------- the page shows the refusal


def test_the_create_screen_shows_a_refusal_above_its_rows_and_creates_nothing(login, secretary_a, review_a):
    empty_rows = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"}
    url = reverse("commitments:create", args=[SourceKind.COLLECTIVE_REVIEW, review_a.pk])
    response = login(secretary_a).post(url, empty_rows)
    assert response.status_code == 200
    assert "Hãy nhập ít nhất một biện pháp khắc phục." in response.context["formset"].non_form_errors()
    assert not Commitment.objects.exists()
