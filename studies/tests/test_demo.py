"""The demo: Resolution 4 studied in Nam Định over 2018, one plan in December; idempotent and deterministic."""

import io

import pytest

from core import demo as core_demo
from documents import demo as documents_demo
from organizations.models import OrganizationKind
from studies import demo, timing
from studies.models import Attendance, Essay, EssayRule, StudyPlan, StudySession
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_tree():
    """The city committee and two of the directed wards with a branch each, with office-holders and others."""
    city = make_organization("Đảng bộ Thành phố Nam Định", kind=OrganizationKind.SUPERIOR_COMMITTEE, code="TU")
    for code in core_demo.DIRECTED_CODES[:2]:
        ward = make_organization(f"Đảng bộ {code}", parent=city, code=code)
        branch = make_organization(f"Chi bộ {code}", parent=ward, kind=OrganizationKind.BRANCH, code=f"{code}-01")
        make_member(branch, full_name=f"Bí thư {code}", party_position="Bí thư Chi bộ")
        make_member(ward, full_name=f"Chủ tịch {code}", government_position="Chủ tịch Ủy ban nhân dân", is_leader=True)
        for n in range(6):
            make_member(branch, full_name=f"Đảng viên {code} {n}", mass_organization_position="Chi hội trưởng")
    documents_demo.seed(io.StringIO())
    return city


def _snapshot():
    return (
        sorted(StudyPlan.objects.values_list("title", "starts_on", "essay_rule")),
        sorted(StudySession.objects.values_list("organization__code", "held_on", "plan__starts_on")),
        sorted(Attendance.objects.values_list("member__card_number", "session__plan__starts_on", "status", "reason")),
        sorted(Essay.objects.values_list("member__card_number", "plan__starts_on", "status", "grade", "submitted_on")),
    )


def test_the_demo_is_idempotent_and_deterministic(city_tree):
    demo.seed(io.StringIO())
    first = _snapshot()
    demo.seed(io.StringIO())
    assert _snapshot() == first
    StudyPlan.objects.all().delete()
    demo.seed(io.StringIO())
    assert _snapshot() == first


def test_the_plans_are_spread_over_the_year_with_one_in_december_that_warns(city_tree):
    demo.seed(io.StringIO())
    plans = list(StudyPlan.objects.order_by("starts_on"))
    assert [plan.starts_on.month for plan in plans] == [3, 5, 8, 12]
    assert [bool(timing.plan_warnings(plan)) for plan in plans] == [False, False, False, True]
    assert plans[0].document.number == "04-NQ/TW"


def test_the_demo_essays_are_owed_only_by_office_holders(city_tree):
    demo.seed(io.StringIO())
    writers = set(Essay.objects.values_list("member__full_name", flat=True))
    assert writers == {f"{title} {code}" for code in core_demo.DIRECTED_CODES[:2] for title in ("Bí thư", "Chủ tịch")}
    assert not StudyPlan.objects.filter(essay_rule=EssayRule.EVERYONE).exists()
    assert Attendance.objects.filter(member__full_name__startswith="Đảng viên").exists()  # ordinary members study


def test_the_directed_wards_recorded_their_sessions(city_tree):
    demo.seed(io.StringIO())
    held = {plan.starts_on.month: plan.sessions.count() for plan in StudyPlan.objects.all()}
    assert held == {3: 2, 5: 2, 8: 2, 12: 2}
