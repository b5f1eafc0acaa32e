"""The organization rating rules that differ between regimes (issue 15), each at its edges, allowed and refused.

Every refusal is checked in Vietnamese with nothing stored changed (``tests.refusals.assert_refused``).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from members.models import MemberStatus
from reviews.forms import CycleOpenForm
from reviews.models import CollectiveReview, Discipline, IndividualReview, NotReviewedMember, RuleSet
from reviews.rating import decide, propose, self_assess
from reviews.rules import working_days_between
from reviews.tests.conftest import open_cycle, settle_below
from reviews.tests.test_rating import _organization_peers
from tests.factories import make_member
from tests.refusals import assert_refused


def _stored(review, **values):
    type(review).objects.filter(pk=review.pk).update(**values)
    review.refresh_from_db()
    return review


@pytest.fixture
def tree(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b):
    return city


def _cycle(city, code):
    year = {"HD27": 2017, "QD132": 2019, "QD124": 2023, "QD366": 2025}[code]
    return open_cycle(year=year, code=code, organization=city)


def _scores(review):
    """QĐ 366 scores: 30 + 65 (the top band); other regimes score nothing."""
    if review.cycle.rules.scores:
        return {"general_score": Decimal("30"), "results_score": Decimal("65")}
    return {}


# ---------------------------------------------------------------- QĐ 366 Art. 11: caps on the top level


def _ward_review(city, ward_a, code):
    cycle = _cycle(city, code)
    review = cycle.collective_reviews.get(organization=ward_a)
    settle_below(review)
    return _stored(review, self_level="httnv", proposed_level="httnv", **_scores(review))


def test_under_qd_366_an_organization_with_a_disciplined_member_cannot_reach_the_top_level(
    tree, ward_a, member_a, city_staff
):
    review = _ward_review(tree, ward_a, "QD366")
    IndividualReview.objects.filter(cycle=review.cycle, member=member_a).update(
        discipline=Discipline.REPRIMAND, decided_level="khtnv"
    )
    assert_refused(
        lambda: decide(review, "htxsnv", city_staff),
        "Không thể xếp loại “Hoàn thành xuất sắc nhiệm vụ”: tổ chức hoặc 1 đảng viên của tổ chức bị kỷ luật trong năm.",
        "level",
    )
    decide(review, "httnv", city_staff)


def test_under_qd_366_an_organization_with_a_subordinate_at_the_lowest_level_cannot_reach_the_top_level(
    tree, ward_a, city_staff
):
    review = _ward_review(tree, ward_a, "QD366")
    CollectiveReview.objects.filter(cycle=review.cycle, organization__parent=ward_a).update(decided_level="khtnv")
    assert_refused(
        lambda: decide(review, "htxsnv", city_staff),
        "Không thể xếp loại “Hoàn thành xuất sắc nhiệm vụ”: có 1 tổ chức trực thuộc xếp loại “Không hoàn thành "
        "nhiệm vụ”.",
        "level",
    )


def test_under_qd_366_an_organization_with_no_discipline_below_reaches_the_top_level(tree, ward_a, city_staff):
    review = _ward_review(tree, ward_a, "QD366")
    _organization_peers(review.cycle, 5, "httnv")
    CollectiveReview.objects.filter(cycle=review.cycle, organization__parent=ward_a).update(decided_level="htnv")
    decide(review, "htxsnv", city_staff)
    review.refresh_from_db()
    assert review.decided_level == "htxsnv"


def test_under_qd_124_the_caps_are_off_as_the_rule_set_says(tree, ward_a, member_a, city_staff):
    review = _ward_review(tree, ward_a, "QD124")
    _organization_peers(review.cycle, 5, "httnv")
    IndividualReview.objects.filter(cycle=review.cycle, member=member_a).update(discipline=Discipline.REPRIMAND)
    decide(review, "htxsnv", city_staff)


# ---------------------------------------------------------------- Hướng dẫn 27: "yếu kém"


@pytest.mark.parametrize(
    "facts",
    [
        {"leadership_disunity": True},
        {"corruption_discipline": True},
        {"government_rated_lowest": True},
        {"mass_organizations_rated_lowest": 2},
    ],
)
def test_under_hd_27_each_trigger_makes_the_organization_weak(tree, ward_a, secretary_a, facts):
    review = _ward_review(tree, ward_a, "HD27")
    assert_refused(
        lambda: propose(review, "htnv", secretary_a, facts=facts),
        "Tổ chức thuộc loại “Yếu kém”:",
        "level",
    )
    propose(review, "yeu_kem", secretary_a, facts=facts)


def test_under_hd_27_one_mass_organization_at_the_lowest_level_is_not_a_trigger(tree, ward_a, secretary_a):
    review = _ward_review(tree, ward_a, "HD27")
    propose(review, "tsvm", secretary_a, facts={"mass_organizations_rated_lowest": 1})


def test_under_hd_27_more_than_a_third_of_subordinate_organizations_weak_makes_a_party_committee_weak(
    tree, ward_a, secretary_a
):
    review = _ward_review(tree, ward_a, "HD27")
    CollectiveReview.objects.filter(cycle=review.cycle, organization__parent=ward_a).update(decided_level="yeu_kem")
    assert_refused(
        lambda: propose(review, "htnv", secretary_a),
        "Tổ chức thuộc loại “Yếu kém”: 1 trên 1 tổ chức trực thuộc xếp loại “Yếu kém” (quá một phần ba).",
        "level",
    )


def test_under_hd_27_a_branch_is_weak_with_more_than_half_of_its_members_failing_not_with_half(
    tree, branch_a, member_a, secretary_a
):
    cycle = _cycle(tree, "HD27")
    second = make_member(branch_a)
    IndividualReview.objects.create(cycle=cycle, member=second, organization=branch_a, form="2C", decided_level="httnv")
    review = _stored(cycle.collective_reviews.get(organization=branch_a), self_level="httnv")
    IndividualReview.objects.filter(cycle=cycle, member=member_a).update(decided_level="khtnv")
    propose(review, "httnv", secretary_a)  # 1 of 2: exactly half
    IndividualReview.objects.filter(cycle=cycle, member=second).update(decided_level="khtnv")
    assert_refused(
        lambda: propose(review, "httnv", secretary_a),
        "2 trên 2 đảng viên xếp loại “Không hoàn thành nhiệm vụ” (quá một nửa).",
        "level",
    )


def test_under_qd_132_the_hd_27_triggers_do_not_apply(tree, ward_a, secretary_a):
    review = _ward_review(tree, ward_a, "QD132")
    propose(review, "httnv", secretary_a, facts={"leadership_disunity": True})


# ---------------------------------------------------------------- forms of discipline


@pytest.mark.parametrize("form,label", [(Discipline.DISMISSAL, "Cách chức"), (Discipline.EXPULSION, "Khai trừ")])
def test_an_organization_is_not_given_a_members_form_of_discipline(tree, ward_a, secretary_a, form, label):
    review = _ward_review(tree, ward_a, "QD366")
    assert_refused(
        lambda: propose(review, "khtnv", secretary_a, discipline=form),
        f"“{label}” không phải là hình thức kỷ luật đối với tổ chức đảng.",
        "discipline",
    )


def test_an_organization_may_be_dissolved_and_a_member_may_not(tree, ward_a, member_a, secretary_a):
    review = _ward_review(tree, ward_a, "QD366")
    propose(review, "khtnv", secretary_a, discipline=Discipline.DISSOLUTION)
    individual = _stored(
        review.cycle.individual_reviews.get(member=member_a), self_level="httnv", decided_level="", **_scores(review)
    )
    assert_refused(
        lambda: propose(individual, "khtnv", secretary_a, discipline=Discipline.DISSOLUTION),
        "“Giải tán” không phải là hình thức kỷ luật đối với đảng viên.",
        "discipline",
    )


# ---------------------------------------------------------------- the three steps in order


@pytest.mark.parametrize("code", ["QD132", "QD366"])
def test_a_proposal_needs_the_self_assessment_first(tree, ward_a, secretary_a, code):
    review = _cycle(tree, code).collective_reviews.get(organization=ward_a)
    assert_refused(
        lambda: propose(review, "htnv", secretary_a), "Cần tự đánh giá, xếp loại trước: chưa có gì để đề xuất.", "level"
    )


@pytest.mark.parametrize("code", ["QD132", "QD366"])
def test_a_decision_needs_the_proposal_first(tree, ward_a, city_staff, code):
    review = _cycle(tree, code).collective_reviews.get(organization=ward_a)
    settle_below(review)
    _stored(review, self_level="htnv", **_scores(review))
    assert_refused(
        lambda: decide(review, "htnv", city_staff),
        "Cần có đề xuất của cơ quan tham mưu trước: chưa có gì để quyết định.",
        "level",
    )


def test_under_qd_366_a_decision_needs_the_100_point_score(tree, ward_a, city_staff):
    review = _cycle(tree, "QD366").collective_reviews.get(organization=ward_a)
    settle_below(review)
    _stored(review, self_level="htxsnv", proposed_level="htxsnv")
    assert_refused(
        lambda: decide(review, "htxsnv", city_staff),
        "Theo Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW (từ 2025), quyết định xếp loại cần có điểm tự chấm theo "
        "thang điểm 100.",
        "level",
    )


def test_under_qd_132_a_decision_needs_no_score(tree, ward_a, city_staff):
    review = _ward_review(tree, ward_a, "QD132")
    decide(review, "httnv", city_staff)


# ---------------------------------------------------------------- the raised quota


def test_under_qd_132_the_quota_cannot_be_raised(tree, ward_a, city_staff):
    review = _ward_review(tree, ward_a, "QD132")
    assert_refused(
        lambda: decide(review, "httnv", city_staff, quota_raised=True),
        "không cho phép cấp có thẩm quyền nâng tỷ lệ.",
        "quota_raised",
    )


def test_the_decision_form_offers_the_raised_quota_only_where_the_regime_allows_it(tree, ward_a):
    from reviews.forms import DecisionForm

    for code, offered in (("QD132", False), ("QD124", False), ("QD366", True)):
        review = _cycle(tree, code).collective_reviews.get(organization=ward_a)
        assert ("quota_raised" in DecisionForm(review=review).fields) is offered, code


# ---------------------------------------------------------------- eligibility


def _new_member(branch_a, reference):
    return make_member(branch_a, admission_date=reference - datetime.timedelta(days=60), full_membership_date=None)


def test_under_hd_21_a_new_member_writes_a_review_that_is_not_rated(tree, branch_a):
    member = _new_member(branch_a, datetime.date(2019, 12, 1))
    review = _cycle(tree, "QD132").individual_reviews.get(member=member)
    assert not review.is_rated
    assert review.not_rated_reason.startswith("Kết nạp chưa đủ 6 tháng")


def test_under_qd_366_a_new_member_is_not_reviewed(tree, branch_a):
    member = _new_member(branch_a, datetime.date(2025, 12, 1))
    cycle = _cycle(tree, "QD366")
    assert not cycle.individual_reviews.filter(member=member).exists()
    assert NotReviewedMember.objects.filter(cycle=cycle, member=member).exists()


def _individual(city, member, code, **values):
    review = _cycle(city, code).individual_reviews.get(member=member)
    return _stored(review, self_level="httnv", **_scores(review), **values)


def test_under_hd_21_three_months_of_sick_leave_cap_the_member_at_completed(tree, member_a, secretary_a):
    review = _individual(tree, member_a, "QD132")
    assert_refused(
        lambda: propose(review, "httnv", secretary_a, facts={"sick_leave_months": 3}),
        "Đảng viên nghỉ ốm từ 3 tháng trở lên trong năm chỉ được xếp loại cao nhất là “Hoàn thành nhiệm vụ”.",
        "level",
    )
    propose(review, "htnv", secretary_a, facts={"sick_leave_months": 3})
    propose(review, "httnv", secretary_a, facts={"sick_leave_months": 2})


def test_under_qd_366_sick_leave_does_not_cap_the_level(tree, member_a, secretary_a):
    review = _individual(tree, member_a, "QD366")
    propose(review, "httnv", secretary_a, facts={"sick_leave_months": 6})


def test_under_hd_43_a_member_active_elsewhere_needs_the_temporary_branchs_comments(tree, member_a, secretary_a):
    member_a.status = MemberStatus.TEMPORARY_ELSEWHERE
    member_a.save()
    review = _individual(tree, member_a, "QD366")
    assert_refused(
        lambda: propose(review, "httnv", secretary_a),
        "Đảng viên đang sinh hoạt đảng tạm thời: cần ghi nhận xét bằng văn bản của chi bộ nơi sinh hoạt tạm thời",
        "temporary_comments",
    )
    propose(review, "httnv", secretary_a, facts={"temporary_comments": "Chi bộ nơi cư trú: hoàn thành tốt."})
    review.refresh_from_db()
    assert review.temporary_comments.startswith("Chi bộ nơi cư trú")


def test_under_qd_124_no_temporary_comments_are_required(tree, member_a, secretary_a):
    member_a.status = MemberStatus.TEMPORARY_ELSEWHERE
    member_a.save()
    propose(_individual(tree, member_a, "QD124"), "httnv", secretary_a)


# ---------------------------------------------------------------- deadlines from the rule set


def _opening(city, code, year, **dates):
    data = {
        "year": year,
        "kind": "annual",
        "number": 1,
        "rule_set": RuleSet.objects.get(code=code).pk,
        "organization": city.pk,
        "opened_on": f"01/11/{year}",
        "reference_date": f"01/12/{year}",
        **dates,
    }
    from organizations.models import Organization

    return CycleOpenForm(data, organizations=Organization.objects.all())


@pytest.mark.parametrize(
    "due,special,allowed",
    [
        ("31/12/2025", False, True),
        ("01/01/2026", False, False),
        ("15/01/2026", True, True),
        ("16/01/2026", True, False),
    ],
)
def test_the_ratings_deadline_is_the_rule_sets_finishing_date(tree, due, special, allowed):
    form = _opening(tree, "QD366", 2025, ratings_due=due, **({"special_calendar": "on"} if special else {}))
    with translation.override("vi"):
        assert form.is_valid() is allowed, form.errors
    if not allowed:
        assert "việc kiểm điểm phải hoàn thành trước ngày" in form.errors["ratings_due"][0]


@pytest.mark.parametrize("due,allowed", [("01/02/2026", True), ("02/02/2026", False)])
def test_under_hd_43_the_files_go_up_by_the_first_of_february(tree, due, allowed):
    form = _opening(tree, "QD366", 2025, submissions_due=due)
    assert form.is_valid() is allowed, form.errors


def test_a_regime_without_a_submission_date_accepts_a_later_one(tree):
    assert _opening(tree, "QD132", 2019, submissions_due="20/02/2020").is_valid()


def test_the_notice_counts_no_public_holiday():
    assert working_days_between(datetime.date(2025, 12, 31), datetime.date(2026, 1, 5)) == 2  # 1/1 is off
    assert working_days_between(datetime.date(2026, 2, 13), datetime.date(2026, 2, 23)) == 1  # Tết: 16–20/2
    assert working_days_between(datetime.date(2025, 12, 8), datetime.date(2025, 12, 11)) == 3  # an ordinary week


# ---------------------------------------------------------------- QĐ 366 scoring, line by line

PL1_95 = {"1.A1": 10, "1.A2": 10, "1.A3": 10, "1.B1": 35, "1.B2": 20, "1.B3": 10}


def test_the_lines_of_phu_luc_1_are_summed_into_the_two_totals(tree, ward_a, secretary_a):
    review = _cycle(tree, "QD366").collective_reviews.get(organization=ward_a)
    self_assess(review, "htxsnv", secretary_a, criterion_scores={k: Decimal(v) for k, v in PL1_95.items()})
    review.refresh_from_db()
    assert (review.general_score, review.results_score, review.total_score) == (30, 65, 95)
    assert review.computed_level() == "htxsnv"
    assert review.criterion_scores["1.B1"] == "35"


def test_a_line_over_its_maximum_is_refused(tree, ward_a, secretary_a):
    review = _cycle(tree, "QD366").collective_reviews.get(organization=ward_a)
    assert_refused(
        lambda: self_assess(review, "httnv", secretary_a, criterion_scores={**PL1_95, "1.A1": Decimal("10.5")}),
        "Tiêu chí 1.A1 phải được chấm từ 0 đến 10 điểm.",
    )


def test_a_band_follows_from_the_summed_lines(tree, ward_a, secretary_a):
    review = _cycle(tree, "QD366").collective_reviews.get(organization=ward_a)
    assert_refused(
        lambda: self_assess(review, "htxsnv", secretary_a, criterion_scores={**PL1_95, "1.B1": Decimal("29.9")}),
        "Với 89.9 điểm, mức cao nhất có thể là “Hoàn thành tốt nhiệm vụ”.",
    )


@pytest.mark.parametrize("form,annex", [("2A", "3."), ("2B", "4."), ("2C", "5.")])
def test_each_form_is_scored_on_its_annex(tree, member_a, form, annex):
    from reviews import scoring

    review = _cycle(tree, "QD366").individual_reviews.get(member=member_a)
    review.form = form
    lines = scoring.lines(scoring.annex_for(review))
    assert all(line["code"].startswith(annex) for _group, line in lines)
    assert sum(line["max"] for group, line in lines if group == "general") == 30
    assert sum(line["max"] for group, line in lines if group == "results") == 70


def test_a_regime_without_scores_has_no_annex(tree, ward_a):
    from reviews import scoring

    assert scoring.annex_for(_cycle(tree, "QD132").collective_reviews.get(organization=ward_a)) is None


# ---------------------------------------------------------------- the rating page


def test_the_self_assessment_page_scores_each_line_and_stores_their_sum(tree, ward_a, secretary_a, login):
    from django.urls import reverse

    review = _cycle(tree, "QD366").collective_reviews.get(organization=ward_a)
    url = reverse("reviews:rate", args=["collective", review.pk])
    page = login(secretary_a).get(url).content.decode()
    assert "Phụ lục 1: tập thể" in page and "Tối đa 40 điểm" in page
    data = {"self-level": "httnv", **{f"self-criterion_{k}": v for k, v in PL1_95.items()}, "self-criterion_1.B1": "25"}
    response = login(secretary_a).post(reverse("reviews:rate_step", args=["collective", review.pk, "self"]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.general_score, review.results_score, review.self_level) == (30, 55, "httnv")
    data["self-criterion_1.A1"] = "11"
    response = login(secretary_a).post(reverse("reviews:rate_step", args=["collective", review.pk, "self"]), data)
    assert response.status_code == 200
    assert response.context["forms"]["self"].errors["criterion_1.A1"]
    review.refresh_from_db()
    assert review.results_score == 55


def test_the_proposal_form_offers_each_kind_its_own_forms_of_discipline_and_the_regimes_facts(tree, ward_a, member_a):
    from reviews.forms import ProposalForm

    hd27 = _cycle(tree, "HD27")
    organization = ProposalForm(review=hd27.collective_reviews.get(organization=ward_a))
    assert [value for value, _label in organization.fields["discipline"].choices] == [
        "",
        "reprimand",
        "warning",
        "dissolution",
    ]
    assert "leadership_disunity" in organization.fields
    member = ProposalForm(review=_cycle(tree, "QD132").individual_reviews.get(member=member_a))
    assert "dissolution" not in dict(member.fields["discipline"].choices) and "expulsion" in dict(
        member.fields["discipline"].choices
    )
    assert "sick_leave_months" in member.fields and "leadership_disunity" not in member.fields
    qd366 = ProposalForm(review=_cycle(tree, "QD366").collective_reviews.get(organization=ward_a))
    assert "leadership_disunity" not in qd366.fields


@pytest.mark.parametrize("special,due", [(False, datetime.date(2025, 12, 31)), (True, datetime.date(2026, 1, 15))])
def test_a_cycle_opened_without_a_ratings_deadline_takes_the_rule_sets(tree, special, due):
    assert open_cycle(organization=tree, special_calendar=special).ratings_due == due


def test_the_rating_page_names_the_rule_that_caps_the_organization(tree, ward_a, member_a, city_staff, login):
    from django.urls import reverse

    review = _cycle(tree, "QD366").collective_reviews.get(organization=ward_a)
    url = reverse("reviews:rate", args=["collective", review.pk])
    assert "bị kỷ luật trong năm" not in login(city_staff).get(url).content.decode()
    IndividualReview.objects.filter(cycle=review.cycle, member=member_a).update(discipline=Discipline.WARNING)
    assert "tổ chức hoặc 1 đảng viên của tổ chức bị kỷ luật trong năm" in login(city_staff).get(url).content.decode()
