"""Essays owed at an organization that ends go to its successor (``organizations.hooks.closing_holdings``)."""

import datetime

import pytest

from accounts.models import Role
from core.errors import DomainError
from members.models import Member
from notifications.models import Step
from notifications.tests.helpers import sweep_on
from organizations import services as organization_services
from organizations.models import Organization, OrganizationKind, Sector
from studies import services
from studies.models import Essay, EssayStatus
from studies.tests.conftest import make_plan
from tests.factories import make_member, make_user

ON = datetime.date(2025, 7, 1)
DUE = datetime.date(2025, 9, 1)
BASIS = organization_services.Basis(
    number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội"
)
KIND = "studies.essay"


def new_ward(parent, name="Đảng bộ phường Nam Định", code="P-ND"):
    return Organization(
        name=name, code=code, kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, parent=parent
    )


@pytest.fixture
def plan(city, document):
    """A city plan of 2025 asking office-holders for an essay due after the merger."""
    return make_plan(
        city, document, starts_on=datetime.date(2025, 6, 1), ends_on=datetime.date(2025, 6, 30), essay_deadline=DUE
    )


@pytest.fixture
def deputy(ward_a):
    """An office-holder attached to ward A itself (not to a branch): the essay is asked at the ward."""
    return make_member(ward_a, full_name="Phó Bí thư phường A", party_position="Phó Bí thư Đảng ủy")


def essay_of(plan, member):
    return Essay.objects.get(plan=plan, member=member)


def test_an_owed_essay_follows_the_merger_and_the_successor_secretary_is_reminded(
    city, ward_a, ward_b, deputy, document, secretary_a
):
    plan = make_plan(
        city, document, starts_on=datetime.date(2025, 6, 1), ends_on=datetime.date(2025, 6, 30), essay_deadline=DUE
    )
    essay = essay_of(plan, deputy)
    assert essay.organization == ward_a and essay.status == EssayStatus.OWED

    successor = organization_services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    reader = make_user("bithu_nam_dinh", Role.SECRETARY, successor)

    essay.refresh_from_db()
    assert (essay.organization, essay.origin_organization) == (successor, ward_a)
    assert Member.objects.get(pk=deputy.pk).organization == successor
    recorded = sweep_on(DUE, KIND)
    assert (essay.pk, Step.ON_DAY, reader.pk) in recorded
    assert not {user for pk, _step, user in recorded if pk == essay.pk} & {secretary_a.pk}


def test_a_submitted_essay_stays_where_it_was_written(city, ward_a, ward_b, deputy, plan, secretary_a):
    essay = essay_of(plan, deputy)
    services.receive_essay(essay, secretary_a, submitted_on=datetime.date(2025, 6, 20), text="Bài thu hoạch")

    organization_services.merge([ward_a, ward_b], new_ward(city), ON, BASIS)

    essay.refresh_from_db()
    assert (essay.organization, essay.origin_organization, essay.status) == (ward_a, None, EssayStatus.RECEIVED)


def test_a_second_hand_over_keeps_the_organization_that_asked_the_essay(city, ward_a, ward_b, deputy, plan):
    essay = essay_of(plan, deputy)
    organization_services.merge([ward_a], ward_b, ON, BASIS)
    later = organization_services.merge([ward_b], new_ward(city), datetime.date(2025, 8, 1), BASIS).subject

    essay.refresh_from_db()
    assert (essay.organization, essay.origin_organization) == (later, ward_a)


def test_a_split_sends_an_owed_essay_where_its_member_went(city, ward_a, deputy, plan):
    stays = make_member(ward_a, full_name="Chủ tịch phường A", government_position="Chủ tịch UBND phường")
    services.sync_essays(plan)
    essays = {member: essay_of(plan, member) for member in (deputy, stays)}
    successors = [new_ward(city, "Đảng bộ phường Một", "P-1"), new_ward(city, "Đảng bộ phường Hai", "P-2")]
    members = {deputy.pk: 1, stays.pk: 0}
    # The split form lists each owed essay by its member, beside the member itself.
    labels = dict(services.owed_essays_held(ward_a))
    assert labels[essays[deputy].pk].startswith("Phó Bí thư phường A: ")
    assignments = {"members": members}
    with pytest.raises(DomainError) as refused:
        organization_services.split(ward_a, list(successors), ON, BASIS, assignments)
    assert refused.value.field.startswith("essays_")

    assignments["essays"] = {essay.pk: members[member.pk] for member, essay in essays.items()}
    organization_services.split(ward_a, successors, ON, BASIS, assignments)

    for member, essay in essays.items():
        essay.refresh_from_db()
        member.refresh_from_db()
        assert (essay.organization, essay.origin_organization) == (member.organization, ward_a)
    assert essays[deputy].organization.code == "P-2"
