"""Each refusal of the review steps (``reviews.services``, ``reviews.rating``, ``ReviewCycle.open``).

One test per refusal: the Vietnamese message, and that no stored row changed.
The 2025 cycle follows QĐ 366 (scored: 30 + 70 points, no checklist).
"""

from decimal import Decimal

import pytest
from django.db.models import QuerySet

from core.workflow import SubmissionStatus
from reviews import services
from reviews.models import Discipline
from reviews.rating import check_quota, decide, propose, self_assess
from reviews.tests.conftest import open_cycle
from reviews.tests.test_carry_over import _commit
from reviews.tests.test_rating import _peers
from tests.refusals import assert_refused

NOT_EDITABLE = "Báo cáo ở trạng thái hiện tại không thể sửa được nữa."


def _stored(review, **values):
    """``review`` with ``values`` written straight to its row (the state a refusal starts from)."""
    type(review).objects.filter(pk=review.pk).update(**values)
    review.refresh_from_db()
    return review


# ---------------------------------------------------------------- opening a cycle


def test_opening_a_cycle_already_open_for_the_year_and_kind_is_refused(cycle, city):
    assert_refused(
        lambda: open_cycle(organization=city), "Đợt kiểm điểm hằng năm năm 2025 đã được mở; không thể mở hai lần."
    )


def test_opening_a_cycle_that_a_simultaneous_opening_just_saved_is_refused_by_the_constraint(cycle, city, monkeypatch):
    # The other opening committed between this one's check and its save: the check saw nothing.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    assert_refused(
        lambda: open_cycle(organization=city), "Đợt kiểm điểm hằng năm năm 2025 đã được mở; không thể mở hai lần."
    )


# ---------------------------------------------------------------- editing


def test_copying_last_years_text_is_refused_when_there_is_no_earlier_review(review_a):
    assert_refused(
        lambda: services.copy_previous_text(review_a, review_a.revision),
        "Không có bản kiểm điểm kỳ trước của tổ chức này để sao chép.",
    )


def test_saving_the_sections_of_a_submitted_review_is_refused(review_a):
    _stored(review_a, status=SubmissionStatus.SUBMITTED)
    assert_refused(
        lambda: services.save_review_sections(review_a, {"strengths": "Sửa"}, review_a.revision), NOT_EDITABLE
    )


def test_saving_the_checklist_of_a_submitted_review_is_refused(individual_a):
    _stored(individual_a, status=SubmissionStatus.SUBMITTED)
    assert_refused(lambda: services.save_checklist(individual_a, {}), NOT_EDITABLE)


def test_saving_a_checklist_is_refused_when_the_cycles_rules_have_none(individual_a):
    assert_refused(
        lambda: services.save_checklist(individual_a, {}), "Quy định áp dụng của đợt này không dùng bảng biểu hiện."
    )


# ---------------------------------------------------------------- rating: the checks every step makes

RATING_STEPS = {
    "self_assess": lambda review, level, user: self_assess(
        review, level, user, review.general_score, review.results_score
    ),
    "propose": lambda review, level, user: propose(review, level, user),
    "decide": lambda review, level, user: decide(review, level, user),
}


@pytest.mark.parametrize("step", RATING_STEPS)
def test_a_level_that_is_not_in_the_rule_set_is_refused(step, review_a, city_staff):
    _stored(review_a, general_score=Decimal("20"), results_score=Decimal("60"))
    assert_refused(
        lambda: RATING_STEPS[step](review_a, "tsvm", city_staff),
        "“tsvm” không phải là mức xếp loại của Quy định 366-QĐ/TW",
    )


@pytest.mark.parametrize("step", RATING_STEPS)
def test_rating_a_review_not_rated_in_this_cycle_is_refused(step, review_a, city_staff):
    _stored(review_a, is_rated=False, not_rated_reason="Mới thành lập")
    assert_refused(
        lambda: RATING_STEPS[step](review_a, "htnv", city_staff),
        "Bản kiểm điểm này không xếp loại trong đợt: Mới thành lập",
    )


@pytest.mark.parametrize("step", RATING_STEPS)
def test_a_level_better_than_the_score_band_is_refused(step, review_a, city_staff):
    _stored(
        review_a, general_score=Decimal("20"), results_score=Decimal("40"), self_level="htnv", proposed_level="htnv"
    )
    assert_refused(
        lambda: RATING_STEPS[step](review_a, "httnv", city_staff),
        "Với 60.0 điểm, mức cao nhất có thể là “Hoàn thành nhiệm vụ”.",
    )


@pytest.mark.parametrize("step", RATING_STEPS)
def test_a_level_better_than_a_disqualifier_allows_is_refused(step, individual_a, city_staff):
    _stored(
        individual_a,
        general_score=Decimal("30"),
        results_score=Decimal("65"),
        discipline=Discipline.REPRIMAND,
        self_level="khtnv",
        proposed_level="khtnv",
    )
    assert_refused(
        lambda: RATING_STEPS[step](individual_a, "htnv", city_staff),
        "Có yếu tố loại trừ (kỷ luật hoặc kết luận suy thoái) nên chỉ được xếp loại “Không hoàn thành nhiệm vụ”.",
    )


# ---------------------------------------------------------------- rating: one step's own checks


def test_a_self_assessment_score_outside_its_range_is_refused(review_a, secretary_a):
    assert_refused(
        lambda: self_assess(review_a, "htnv", secretary_a, Decimal("31"), Decimal("40")),
        "Điểm nhóm tiêu chí chung phải từ 0 đến 30.",
    )


def test_the_top_level_is_refused_while_a_commitment_from_an_earlier_cycle_is_not_verified(
    cycle, city, ward_a, review_a, city_staff
):
    earlier = open_cycle(year=2024, code="QD124", organization=city)
    _commit(earlier.collective_reviews.get(organization=ward_a), city_staff)
    _stored(
        review_a, general_score=Decimal("30"), results_score=Decimal("65"), self_level="httnv", proposed_level="httnv"
    )
    assert_refused(
        lambda: decide(review_a, "htxsnv", city_staff),
        "Không thể xếp loại “Hoàn thành xuất sắc nhiệm vụ” khi còn cam kết từ đợt trước chưa được thẩm định.",
        "level",
    )


QUOTA_STEPS = {
    "decide": lambda review, user: decide(review, "htxsnv", user),
    "check_quota": lambda review, user: check_quota(review, "htxsnv"),
}


@pytest.mark.parametrize("step", QUOTA_STEPS)
def test_a_top_level_that_would_break_the_quota_of_the_peer_group_is_refused(
    step, cycle, branch_a, individual_a, city_staff
):
    _peers(cycle, branch_a, 4, "httnv")
    _stored(
        individual_a,
        general_score=Decimal("30"),
        results_score=Decimal("65"),
        self_level="htxsnv",
        proposed_level="htxsnv",
    )
    assert_refused(
        lambda: QUOTA_STEPS[step](individual_a, city_staff),
        "Vượt tỷ lệ: quyết định này làm cho nhóm cùng loại có 1 xếp loại “Hoàn thành xuất sắc nhiệm vụ” "
        "so với 4 xếp loại “Hoàn thành tốt nhiệm vụ” (25.0%; tối đa 20%).",
    )
