"""Reminders for owed essays: the nearest secretary before the deadline, once per step, then the escalation ladder."""

import pytest

from accounts.models import Role
from notifications.models import Delivery, Step
from notifications.tests.helpers import DAY, sweep_on
from studies import services
from studies.models import EssayStatus
from studies.tests.conftest import DEADLINE, START
from tests.factories import make_user

KIND = "studies.essay"


@pytest.fixture
def owed(plan, people, secretary_a, secretary_b, standing_member_a, inspector, city_staff):
    """The essays of ward A's office-holders (their branch has no user: the ward's secretary collects them)."""
    return {name: plan.essays.get(member=people[name]) for name in ("secretary", "leader", "deputy")}


def _essays(recorded):
    return {essay_id for essay_id, _step, _user in recorded}


def test_an_owed_essay_reminds_the_nearest_secretary_three_days_before_not_earlier(owed, secretary_a):
    essay = owed["leader"]
    assert (essay.pk, Step.BEFORE, secretary_a.pk) not in sweep_on(DEADLINE - 4 * DAY, KIND)
    assert (essay.pk, Step.BEFORE, secretary_a.pk) in sweep_on(DEADLINE - 3 * DAY, KIND)


def test_a_secretary_of_the_branch_itself_is_reminded_instead(owed, branch_a, secretary_a):
    branch_secretary = make_user("bithu_chibo", Role.SECRETARY, branch_a)
    recorded = sweep_on(DEADLINE, KIND)
    assert (owed["leader"].pk, Step.ON_DAY, branch_secretary.pk) in recorded
    assert not {user for _essay, _step, user in recorded} & {secretary_a.pk}


def test_reminders_go_out_once_per_step(owed, plan, people, secretary_a, secretary_b):
    first = sweep_on(DEADLINE, KIND)
    in_b = plan.essays.get(member=people["secretary_b"]).pk
    expected = {(essay.pk, Step.ON_DAY, secretary_a.pk) for essay in owed.values()} | {
        (in_b, Step.ON_DAY, secretary_b.pk)
    }
    assert first == expected
    assert sweep_on(DEADLINE, KIND, hour=9) == set()  # the same day again: nothing new
    assert sweep_on(DEADLINE, KIND, hour=17) == set()
    assert Delivery.objects.filter(kind=KIND).count() == 4


def test_an_overdue_essay_climbs_the_ladder_once_per_step(owed, standing_member_a, inspector, city_staff):
    essay = owed["leader"]
    recorded = sweep_on(DEADLINE + 7 * DAY, KIND) | sweep_on(DEADLINE + 7 * DAY, KIND, hour=18)
    assert (essay.pk, Step.ESCALATION_STANDING, standing_member_a.pk) in recorded
    assert Delivery.objects.filter(object_id=essay.pk, step=Step.ESCALATION_STANDING).count() == 1
    later = sweep_on(DEADLINE + 14 * DAY, KIND)
    inspection = Step.ESCALATION_INSPECTION
    assert {(essay.pk, inspection, inspector.pk), (essay.pk, inspection, city_staff.pk)} <= later
    assert (essay.pk, Step.ESCALATION_STANDING, standing_member_a.pk) not in later


def test_a_received_essay_is_not_reminded(owed, city_staff):
    services.receive_essay(owed["leader"], city_staff, submitted_on=START, text="Bài thu hoạch")
    reminded = _essays(sweep_on(DEADLINE, KIND))
    assert owed["leader"].pk not in reminded
    assert owed["deputy"].pk in reminded


def test_an_ordinary_member_owes_nothing_so_nothing_is_reminded(plan, people, secretary_a):
    assert not plan.essays.filter(member=people["ordinary"]).exists()
    assert plan.essays.filter(status=EssayStatus.OWED).count() == 4


@pytest.mark.django_db
def test_the_provider_describes_a_chunk_in_one_query(owed, django_assert_max_num_queries):
    from notifications.providers import registry

    provider = registry.get(KIND)
    rows = list(provider.open_items())
    with django_assert_max_num_queries(1):  # the secretaries up the tree, for the whole chunk
        items = provider.describe_rows(rows)
    assert len(items) == 4


def test_an_ended_organization_is_not_reminded_of_its_study_essays(owed, plan, people, branch_a, secretary_b):
    # Branch A (where ward A's office-holders were asked) closed by hand: nothing was handed over.
    branch_a.close(DEADLINE - 10 * DAY)
    in_b = plan.essays.get(member=people["secretary_b"]).pk
    assert _essays(sweep_on(DEADLINE, KIND)) == {in_b}
