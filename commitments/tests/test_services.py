"""The commitment verbs: each transition, each refusal leaving the data unchanged."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from commitments import services
from commitments.models import (
    CarryOverAssessment,
    CarryOverItem,
    Commitment,
    CommitmentEvent,
    CommitmentStatus,
    EventKind,
    ExtensionStatus,
    VerificationOutcome,
)
from commitments.tests.conftest import PNG, in_days, upload
from core.errors import DomainError
from reviews.models import CollectiveReview, IndividualReview
from tests.factories import make_member


def snapshot(commitment):
    commitment.refresh_from_db()
    return (
        commitment.status,
        commitment.deadline,
        commitment.extension_count,
        commitment.progress,
        commitment.events.count(),
        commitment.progress_updates.count(),
        commitment.evidence_files.count(),
        commitment.verifications.count(),
        commitment.extension_requests.count(),
    )


def test_creation_takes_organization_and_cycle_from_the_source_and_records_an_event(commitment_a, review_a, ward_a):
    assert commitment_a.organization == ward_a
    assert commitment_a.cycle_id == review_a.cycle_id
    assert commitment_a.status == CommitmentStatus.OPEN
    assert commitment_a.original_deadline == commitment_a.deadline
    assert list(commitment_a.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_secretary_is_the_default_accountable_person_of_an_organization(secretary_a, commitment_a):
    assert commitment_a.accountable_user == secretary_a
    assert commitment_a.accountable_name == secretary_a.get_full_name()


def test_member_titled_secretary_is_accountable_when_no_secretary_user(make_commitment, review_b, ward_b):
    make_member(ward_b, full_name="Phạm Văn Đức", party_position="Bí thư Đảng ủy")
    commitment = make_commitment(review_b)
    assert commitment.accountable_name == "Phạm Văn Đức"
    assert commitment.accountable_user is None


def test_individual_review_commitment_is_owned_by_the_member(make_commitment, member_review_a, member_a):
    commitment = make_commitment(member_review_a)
    assert commitment.member == member_a
    assert commitment.organization == member_a.organization
    assert commitment.accountable_name == member_a.full_name


def test_deadline_before_creation_date_is_refused_and_nothing_is_created(review_a, city_staff):
    rows = [{"shortcoming": "A", "measure": "B", "deadline": in_days(-1)}]
    with pytest.raises(DomainError, match="không được trước ngày tạo"):
        services.create_commitments("collective_review", review_a, rows, city_staff)
    assert not Commitment.objects.exists()


def test_one_bad_row_refuses_every_row(review_a, city_staff):
    rows = [
        {"shortcoming": "A", "measure": "B", "deadline": in_days(5)},
        {"shortcoming": "A", "measure": "", "deadline": in_days(5)},
    ]
    with pytest.raises(DomainError):
        services.create_commitments("collective_review", review_a, rows, city_staff)
    assert not Commitment.objects.exists()
    assert not CommitmentEvent.objects.exists()


def test_commitment_for_another_organization_than_its_source_is_refused(review_a, ward_b, city_staff):
    rows = [{"shortcoming": "A", "measure": "B", "deadline": in_days(5)}]
    with pytest.raises(DomainError, match="phải thuộc tổ chức"):
        services.create_commitments("collective_review", review_a, rows, city_staff, organization=ward_b)
    assert not Commitment.objects.exists()


def test_model_clean_refuses_another_organization(commitment_a, ward_b):
    commitment_a.organization = ward_b
    with pytest.raises(Exception, match="phải thuộc tổ chức"):
        commitment_a.clean()


def test_database_refuses_commitment_of_another_organization(commitment_a, ward_b):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment_a.pk).update(organization=ward_b)
    commitment_a.refresh_from_db()
    assert commitment_a.organization_id != ward_b.pk


def test_database_refuses_commitment_whose_source_fk_does_not_match_its_kind(commitment_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment_a.pk).update(source_kind="individual_review")


def test_progress_moves_an_open_commitment_in_progress_with_evidence(commitment_a, secretary_a):
    services.post_progress(
        commitment_a, secretary_a, in_days(0), percentage=40, note="Đã dự thảo", files=[upload("anh.png", PNG)]
    )
    commitment_a.refresh_from_db()
    assert commitment_a.status == CommitmentStatus.IN_PROGRESS
    assert commitment_a.progress == 40
    evidence = commitment_a.evidence_files.get()
    assert evidence.kind == "png" and evidence.original_name == "anh.png"
    assert commitment_a.events.filter(kind=EventKind.PROGRESS, actor=secretary_a).exists()


def test_progress_needs_a_percentage_or_a_stage(commitment_a, secretary_a):
    before = snapshot(commitment_a)
    with pytest.raises(DomainError, match="phần trăm hoặc giai đoạn"):
        services.post_progress(commitment_a, secretary_a, in_days(0))
    assert snapshot(commitment_a) == before


def test_progress_with_a_bad_evidence_file_changes_nothing(commitment_a, secretary_a):
    before = snapshot(commitment_a)
    with pytest.raises(Exception, match="không thuộc loại được chấp nhận"):
        services.post_progress(
            commitment_a, secretary_a, in_days(0), percentage=50, files=[upload("x.pdf", b"MZ\x90\x00")]
        )
    assert snapshot(commitment_a) == before


def test_progress_on_a_closed_commitment_is_refused(reported_a, secretary_a, inspector):
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Quy chế mới đã áp dụng")
    before = snapshot(reported_a)
    with pytest.raises(DomainError, match="đã hoàn thành hoặc đã đóng"):
        services.post_progress(reported_a, secretary_a, in_days(0), percentage=100)
    assert snapshot(reported_a) == before


def test_report_completed_needs_a_summary(commitment_a, secretary_a):
    before = snapshot(commitment_a)
    with pytest.raises(DomainError):
        services.report_completed(commitment_a, secretary_a, "  ")
    assert snapshot(commitment_a) == before


def test_verified_closes_the_commitment(reported_a, inspector):
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Có hiệu quả")
    reported_a.refresh_from_db()
    assert reported_a.status == CommitmentStatus.VERIFIED
    assert reported_a.closed_at is not None
    assert reported_a.verifications.get().assessment == "Có hiệu quả"


def test_not_effective_reopens_with_the_reason_and_notifies_the_owner(reported_a, inspector, secretary_a, monkeypatch):
    calls = []
    monkeypatch.setattr(
        services,
        "_notify",
        lambda recipients, verb, commitment, note="", **_details: calls.append((recipients, verb, note)),
    )
    services.verify(reported_a, inspector, VerificationOutcome.NOT_EFFECTIVE, "Chưa thay đổi thực chất")
    reported_a.refresh_from_db()
    assert reported_a.status == CommitmentStatus.REOPENED
    assert reported_a.events.filter(kind=EventKind.NOT_EFFECTIVE, note="Chưa thay đổi thực chất").exists()
    assert calls and secretary_a in calls[0][0] and calls[0][1] == "not_effective"


def test_effectiveness_assessment_is_required(reported_a, inspector):
    before = snapshot(reported_a)
    with pytest.raises(DomainError, match="đánh giá hiệu quả"):
        services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, " ")
    assert snapshot(reported_a) == before


def test_owner_cannot_verify_their_own_commitment(reported_a, secretary_a):
    before = snapshot(reported_a)
    with pytest.raises(DomainError, match="không được tự thẩm định"):
        services.verify(reported_a, secretary_a, VerificationOutcome.VERIFIED, "Tốt")
    assert snapshot(reported_a) == before


def test_a_commitment_not_reported_completed_cannot_be_verified(commitment_a, inspector):
    before = snapshot(commitment_a)
    with pytest.raises(DomainError, match="không còn chờ thẩm định"):
        services.verify(commitment_a, inspector, VerificationOutcome.VERIFIED, "Tốt")
    assert snapshot(commitment_a) == before


def test_second_verification_of_the_same_commitment_loses_deterministically(reported_a, inspector, city):
    from accounts.models import Role
    from tests.factories import make_user

    other_inspector = make_user("ubkt2", Role.INSPECTION, city)
    stale = Commitment.objects.get(pk=reported_a.pk)  # the second inspector loaded the page earlier
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Hiệu quả")
    with pytest.raises(DomainError, match="người khác vừa thẩm định"):
        services.verify(stale, other_inspector, VerificationOutcome.NOT_EFFECTIVE, "Không hiệu quả")
    reported_a.refresh_from_db()
    assert reported_a.status == CommitmentStatus.VERIFIED
    assert reported_a.verifications.count() == 1


def test_extension_approved_moves_the_deadline_and_keeps_the_original(commitment_a, secretary_a, city_staff):
    original = commitment_a.deadline
    request = services.request_extension(commitment_a, secretary_a, original + datetime.timedelta(days=30), "Mưa bão")
    services.decide_extension(request, city_staff, approve=True, note="Đồng ý")
    commitment_a.refresh_from_db()
    assert commitment_a.original_deadline == original
    assert commitment_a.deadline == original + datetime.timedelta(days=30)
    assert commitment_a.extension_count == 1
    assert commitment_a.events.filter(kind=EventKind.EXTENSION_APPROVED, actor=city_staff).exists()


def test_extension_rejected_keeps_the_deadline(commitment_a, secretary_a, inspector):
    original = commitment_a.deadline
    request = services.request_extension(commitment_a, secretary_a, original + datetime.timedelta(days=30), "Lý do")
    services.decide_extension(request, inspector, approve=False, note="Không đủ căn cứ")
    commitment_a.refresh_from_db()
    request.refresh_from_db()
    assert commitment_a.deadline == original and commitment_a.extension_count == 0
    assert request.status == ExtensionStatus.REJECTED


def test_requester_cannot_approve_their_own_extension(commitment_a, city_staff):
    request = services.request_extension(commitment_a, city_staff, commitment_a.deadline + datetime.timedelta(1), "x")
    before = snapshot(commitment_a)
    with pytest.raises(DomainError, match="yêu cầu gia hạn của chính mình"):
        services.decide_extension(request, city_staff, approve=True)
    request.refresh_from_db()
    assert request.status == ExtensionStatus.PENDING
    assert snapshot(commitment_a) == before


def test_extension_to_an_earlier_date_is_refused(commitment_a, secretary_a):
    before = snapshot(commitment_a)
    with pytest.raises(DomainError, match="sau hạn hiện tại"):
        services.request_extension(commitment_a, secretary_a, commitment_a.deadline, "x")
    assert snapshot(commitment_a) == before


def test_has_unverified_commitments_is_true_while_a_commitment_is_open(
    commitment_a, ward_a, next_cycle, inspector, secretary_a
):
    assert services.has_unverified_commitments(organization=ward_a, before_cycle=next_cycle)
    services.report_completed(commitment_a, secretary_a, "Xong")
    assert services.has_unverified_commitments(organization=ward_a, before_cycle=next_cycle)
    services.verify(commitment_a, inspector, VerificationOutcome.VERIFIED, "Hiệu quả")
    assert not services.has_unverified_commitments(organization=ward_a, before_cycle=next_cycle)


def test_commitments_of_the_same_cycle_do_not_block_its_top_rating(commitment_a, ward_a, cycle):
    assert not services.has_unverified_commitments(organization=ward_a, before_cycle=cycle)
    assert services.open_commitments_for(organization=ward_a).get() == commitment_a


def test_member_commitments_count_for_the_member_not_the_organization(
    make_commitment, member_review_a, member_a, branch_a, next_cycle
):
    make_commitment(member_review_a)
    assert services.has_unverified_commitments(member=member_a, before_cycle=next_cycle)
    assert not services.has_unverified_commitments(organization=branch_a, before_cycle=next_cycle)


def test_carry_over_links_unverified_commitments_to_section_three_of_the_new_reviews(
    make_commitment, review_a, member_review_a, next_cycle, ward_a, member_a, reported_a, inspector
):
    open_member = make_commitment(member_review_a)
    verified = make_commitment(review_a, measure="Đã xong")
    services.report_completed(verified, None, "Xong")
    services.verify(verified, inspector, VerificationOutcome.VERIFIED, "Hiệu quả")
    new_collective = CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    new_individual = IndividualReview.objects.create(
        cycle=next_cycle, member=member_a, organization=member_a.organization, form="2C"
    )

    assert services.carry_over(next_cycle) == 2
    assert services.carry_over(next_cycle) == 0  # idempotent

    collective_item = CarryOverItem.objects.get(collective_review=new_collective)
    assert collective_item.commitment == reported_a
    assert collective_item.status_at_carry_over == CommitmentStatus.REPORTED_COMPLETED
    assert CarryOverItem.objects.get(individual_review=new_individual).commitment == open_member
    assert not CarryOverItem.objects.filter(commitment=verified).exists()
    assert reported_a.events.filter(kind=EventKind.CARRIED_OVER).count() == 1


def test_carry_over_waits_for_reviews_that_do_not_exist_yet(commitment_a, next_cycle, ward_a):
    assert services.carry_over(next_cycle) == 0
    CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    assert services.carry_over(next_cycle) == 1


def test_reviewer_marks_a_carried_over_commitment_with_a_degree(commitment_a, next_cycle, ward_a, standing_member_a):
    CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    services.carry_over(next_cycle)
    item = CarryOverItem.objects.get()
    with pytest.raises(DomainError, match="mức độ"):
        services.assess_carry_over(item, standing_member_a, CarryOverAssessment.IN_PROGRESS, None)
    item.refresh_from_db()
    assert item.assessment == ""
    services.assess_carry_over(item, standing_member_a, CarryOverAssessment.IN_PROGRESS, 60)
    item.refresh_from_db()
    assert (item.assessment, item.degree) == (CarryOverAssessment.IN_PROGRESS, 60)
    services.assess_carry_over(item, standing_member_a, CarryOverAssessment.REMEDIED, 60)
    item.refresh_from_db()
    assert item.degree is None
