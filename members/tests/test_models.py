"""The member rules that decide who is reviewed: review form, eligibility, history."""

import datetime

import pytest

from members.models import (
    MIN_PARTY_AGE_MONTHS_FOR_RATING,
    Member,
    MemberStatus,
    ReviewForm,
    add_months,
)
from tests.factories import make_member, make_organization

REFERENCE = datetime.date(2025, 12, 1)


def _member(**values):
    """An unsaved member: these rules need no database."""
    defaults = {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": datetime.date(1980, 1, 1),
        "admission_date": datetime.date(2005, 5, 19),
        "status": MemberStatus.ACTIVE,
    }
    defaults.update(values)
    return Member(**defaults)


@pytest.mark.parametrize(
    ("is_leader", "political", "expected"),
    [
        (True, True, ReviewForm.FORM_2A),
        (True, False, ReviewForm.FORM_2C),  # an enterprise manager: outside the political system
        (False, True, ReviewForm.FORM_2B),
        (False, False, ReviewForm.FORM_2C),
    ],
)
def test_review_form_follows_the_political_system_then_leadership(is_leader, political, expected):
    assert _member(is_leader=is_leader, works_in_political_system=political).review_form == expected


@pytest.mark.django_db
@pytest.mark.parametrize("form", [ReviewForm.FORM_2A, ReviewForm.FORM_2B, ReviewForm.FORM_2C])
def test_review_form_filter_finds_exactly_the_members_with_that_form(form):
    organization = make_organization()
    members = [
        make_member(organization, is_leader=leader, works_in_political_system=political)
        for leader in (True, False)
        for political in (True, False)
    ]
    expected = {member.pk for member in members if member.review_form == form}
    assert set(Member.objects.with_review_form(form).values_list("pk", flat=True)) == expected


def test_member_admitted_exactly_six_months_before_is_eligible():
    member = _member(admission_date=datetime.date(2025, 6, 1))
    assert add_months(member.admission_date, MIN_PARTY_AGE_MONTHS_FOR_RATING) == REFERENCE
    assert member.eligible_for_review(REFERENCE)


def test_member_admitted_one_day_short_of_six_months_is_not_eligible():
    eligibility = _member(admission_date=datetime.date(2025, 6, 2)).eligible_for_review(REFERENCE)
    assert not eligibility
    assert "6" in str(eligibility.reason)


def test_member_admitted_after_the_reference_date_is_not_eligible():
    assert not _member(admission_date=datetime.date(2025, 12, 2)).eligible_for_review(REFERENCE)


def test_six_months_from_the_end_of_august_is_the_end_of_february():
    # 31 August + 6 months clamps to 28 February (29 in a leap year).
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2023, 8, 31), 6) == datetime.date(2024, 2, 29)
    member = _member(admission_date=datetime.date(2025, 8, 31))
    assert not member.eligible_for_review(datetime.date(2026, 2, 27))
    assert member.eligible_for_review(datetime.date(2026, 2, 28))


def test_add_months_clamps_to_thirty_day_months_and_crosses_years():
    assert add_months(datetime.date(2025, 3, 31), 1) == datetime.date(2025, 4, 30)
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 1, 15), -2) == datetime.date(2024, 11, 15)


@pytest.mark.parametrize("status", [MemberStatus.EXCUSED, MemberStatus.SUSPENDED])
def test_excused_or_suspended_before_the_reference_date_is_not_eligible(status):
    member = _member(status=status, status_since=datetime.date(2025, 3, 1))
    eligibility = member.eligible_for_review(REFERENCE)
    assert not eligibility
    assert eligibility.reason


@pytest.mark.parametrize("status", [MemberStatus.EXCUSED, MemberStatus.SUSPENDED])
def test_excused_or_suspended_on_the_reference_date_itself_is_not_eligible(status):
    assert not _member(status=status, status_since=REFERENCE).eligible_for_review(REFERENCE)


@pytest.mark.parametrize("status", [MemberStatus.EXCUSED, MemberStatus.SUSPENDED])
def test_excused_or_suspended_only_after_the_reference_date_is_still_eligible(status):
    member = _member(status=status, status_since=REFERENCE + datetime.timedelta(days=1))
    assert member.eligible_for_review(REFERENCE)


def test_excused_and_suspended_give_different_reasons():
    excused = _member(status=MemberStatus.EXCUSED).eligible_for_review(REFERENCE)
    suspended = _member(status=MemberStatus.SUSPENDED).eligible_for_review(REFERENCE)
    assert str(excused.reason) != str(suspended.reason)


def test_status_without_a_date_applies_on_every_date():
    assert not _member(status=MemberStatus.EXCUSED, status_since=None).eligible_for_review(REFERENCE)


def test_member_temporarily_active_elsewhere_is_still_reviewed():
    member = _member(status=MemberStatus.TEMPORARY_ELSEWHERE, status_since=datetime.date(2025, 1, 1))
    assert member.eligible_for_review(REFERENCE)


def test_eligible_answer_has_no_reason():
    eligibility = _member().eligible_for_review(REFERENCE)
    assert eligibility.eligible and eligibility.reason == ""


@pytest.mark.django_db
def test_organization_on_a_date_follows_the_membership_history():
    first, second = make_organization(), make_organization()
    member = make_member(first, admission_date=datetime.date(2010, 1, 1), full_membership_date=None)
    member.memberships.update(end=datetime.date(2020, 7, 1))
    member.memberships.create(organization=second, start=datetime.date(2020, 7, 1))

    assert member.organization_on(datetime.date(2009, 12, 31)) is None
    assert member.organization_on(datetime.date(2010, 1, 1)) == first
    assert member.organization_on(datetime.date(2020, 6, 30)) == first
    # The end date is exclusive: on the day of the move the member is in the new organization.
    assert member.organization_on(datetime.date(2020, 7, 1)) == second
    assert member.organization_on(datetime.date(2030, 1, 1)) == second
