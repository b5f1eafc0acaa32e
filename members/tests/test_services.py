"""Transfers keep the membership history: one open period, closed on the day of the move."""

import datetime

import pytest

from core.errors import DomainError
from members import services
from members.models import Member, Membership
from tests.factories import make_member

MOVE_DAY = datetime.date(2025, 3, 10)


def _periods(member):
    return list(member.memberships.order_by("start", "pk").values_list("organization", "start", "end"))


def test_transfer_on_the_day_the_period_started_re_points_it(branch_a, ward_a):
    member = make_member(branch_a, admission_date=MOVE_DAY, full_membership_date=None)
    services.move_member(member, ward_a, MOVE_DAY)
    assert _periods(member) == [(ward_a.pk, MOVE_DAY, None)]
    assert Member.objects.get(pk=member.pk).organization == ward_a


def test_transfer_before_the_current_period_started_is_refused(branch_a, ward_a):
    member = make_member(branch_a, admission_date=MOVE_DAY, full_membership_date=None)
    before = _periods(member)
    with pytest.raises(DomainError) as error:
        services.move_member(member, ward_a, MOVE_DAY - datetime.timedelta(days=1))
    assert error.value.field == "organization"
    assert _periods(member) == before
    assert Member.objects.get(pk=member.pk).organization == branch_a


def test_transfer_to_the_same_organization_changes_nothing(member_a, branch_a):
    before = _periods(member_a)
    services.move_member(member_a, branch_a, MOVE_DAY)
    assert _periods(member_a) == before


def test_bulk_transfer_gives_every_member_exactly_one_open_period(branch_a, ward_b):
    members = [make_member(branch_a) for _ in range(3)]
    orphan = make_member(branch_a)
    orphan.memberships.all().delete()  # a record imported without history
    services.move_members(Member.objects.filter(organization=branch_a), ward_b, MOVE_DAY)
    for member in [*members, orphan]:
        open_periods = Membership.objects.filter(member=member, end__isnull=True)
        assert list(open_periods.values_list("organization", "start")) == [(ward_b.pk, MOVE_DAY)]
    assert _periods(members[0])[0] == (branch_a.pk, datetime.date(2005, 5, 19), MOVE_DAY)
    assert set(Member.objects.filter(pk__in=[m.pk for m in members]).values_list("organization", flat=True)) == {
        ward_b.pk
    }
