"""Forms and wording per regime: who writes which form, its code and title, and the years of the checklist."""

import pytest

from members.models import Member, ReviewForm
from reviews import services
from reviews.models import Manifestation, RuleSet
from reviews.tests.conftest import open_cycle
from tests.factories import make_member
from tests.refusals import assert_refused


@pytest.mark.parametrize(
    ("is_leader", "in_system", "form"),
    [(True, True, "2A"), (False, True, "2B"), (True, False, "2C"), (False, False, "2C")],
)
def test_the_leader_flag_does_not_override_the_form_of_members_outside_the_political_system(
    branch_a, is_leader, in_system, form
):
    member = make_member(branch_a, is_leader=is_leader, works_in_political_system=in_system)
    assert member.review_form == form
    # the SQL form of the same rule (lists, dashboard counts) agrees
    assert list(Member.objects.with_review_form(form).values_list("pk", flat=True)) == [member.pk]


@pytest.mark.parametrize(
    ("code", "form", "printed", "title"),
    [
        ("QD124", "2A", "Mẫu 02B-HD KĐ.ĐG 2023", "Cá nhân giữ chức vụ lãnh đạo, quản lý"),
        ("QD124", "2B", "Mẫu 02A-HD KĐ.ĐG 2023", "Cá nhân không giữ chức vụ lãnh đạo, quản lý"),
        ("QD366", "2A", "Mẫu 2A-HD KĐ.ĐG 2025", "Cá nhân giữ chức vụ lãnh đạo, quản lý"),
        ("QD366", "2C", "Mẫu 2C-HD KĐ.ĐG 2025", "Đảng viên không làm việc trong hệ thống chính trị"),
        ("HD27", "2A", "Mẫu 2A", ""),  # not found for the older regimes: the app's own label shows
    ],
)
def test_each_regime_prints_its_own_form_code_and_title(db, code, form, printed, title):
    rules = RuleSet.objects.get(code=code).rules
    assert (rules.form_code(form), rules.form_title(form)) == (printed, title)


def test_the_individual_review_page_shows_the_regimes_code_and_title(login, city, branch_a, city_staff):
    leader = make_member(branch_a, is_leader=True, works_in_political_system=True)
    cycle = open_cycle(year=2024, code="QD124", organization=city)
    page = login(city_staff).get(f"/reviews/individual/{cycle.individual_reviews.get(member=leader).pk}/")
    assert "Mẫu 02B-HD KĐ.ĐG 2023 – Cá nhân giữ chức vụ lãnh đạo, quản lý" in page.content.decode()


def test_the_2c_label_names_members_outside_the_political_system():
    assert str(ReviewForm.FORM_2C.label) == "2C – members not working in the political system"


@pytest.mark.parametrize(
    ("code", "year", "uses"),
    [
        ("HD27", 2014, False),
        ("HD27", 2015, False),  # before Resolution 4-NQ/TW of 30/10/2016
        ("HD27", 2016, True),
        ("HD27", 2017, True),
        ("QD132", 2018, True),  # Hướng dẫn 16's annex
        ("QD132", 2019, False),  # Hướng dẫn 21 dropped it
        ("QD132", 2022, False),
        ("QD124", 2023, False),
        ("QD366", 2025, False),
    ],
)
def test_the_checklist_is_used_only_in_the_years_its_regime_used_it(city, code, year, uses):
    assert open_cycle(year=year, code=code, organization=city).uses_checklist is uses


def test_answering_the_checklist_in_a_year_without_it_is_refused(city, member_a):
    cycle = open_cycle(year=2015, code="HD27", organization=city)
    review = cycle.individual_reviews.get(member=member_a)
    manifestation = Manifestation.objects.first()
    assert_refused(lambda: services.save_checklist(review, {manifestation.pk: False}), "không dùng bảng")


def test_manifestation_one_is_not_flagged_as_verified_word_for_word(db):
    first = Manifestation.objects.get(group="I", number=1)
    assert not first.verified
    assert Manifestation.objects.get(group="I", number=4).verified


@pytest.mark.parametrize(
    ("code", "form", "heading"),
    [
        ("QD124", "2C", "Mẫu 02A-HD KĐ.ĐG 2023 – Cá nhân không giữ chức vụ lãnh đạo, quản lý"),
        ("HD27", "2C", "Mẫu 2C – members not working in the political system"),  # no title found
    ],
)
def test_the_form_heading_falls_back_to_the_apps_own_wording_without_repeating_the_code(db, code, form, heading):
    from reviews.views.individual import form_heading

    assert form_heading(RuleSet.objects.get(code=code).rules, form) == heading
