"""The members' roll-up (``members.summaries.MEMBER_ROLLUP``) matches a direct count at every organization above them.

It counts members by their organization's path today, so a move of organizations moves the
counts too: the test moves a sub-tree and reads both ends.
"""

import datetime

import pytest
from django.db.models import Sum

from members import services
from members.models import Member, MemberRollup, MemberStatus
from members.summaries import MEMBER_ROLLUP
from organizations.models import Organization
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _under(organization):
    rows = MemberRollup.objects.filter(ancestor=organization).values_list("status").annotate(n=Sum("total"))
    return dict(rows)


def _direct(organization):
    members = Member.objects.filter(organization__path__startswith=organization.path)
    return {status: members.filter(status=status).count() for status in set(members.values_list("status", flat=True))}


def test_members_are_counted_at_their_organization_and_every_one_above(city, ward_a, branch_a, branch_b):
    make_member(branch_a)
    make_member(branch_a, is_leader=True)
    make_member(branch_b)
    assert _under(city) == {MemberStatus.ACTIVE: 3}
    assert _under(ward_a) == _under(branch_a) == {MemberStatus.ACTIVE: 2}
    assert MEMBER_ROLLUP.mismatches() == {}


def test_status_changes_transfers_bulk_updates_and_deletes_keep_the_counts(city, ward_a, ward_b, member_a, member_b):
    member_a.status = MemberStatus.EXCUSED
    services.update_member(member_a, ["status"])
    assert _under(ward_a) == {MemberStatus.EXCUSED: 1}
    services.move_member(member_b, member_a.organization, datetime.date.today())
    assert _under(ward_a) == _direct(ward_a) == {MemberStatus.EXCUSED: 1, MemberStatus.ACTIVE: 1}
    assert not MemberRollup.objects.filter(ancestor=ward_b).exists()
    Member.objects.update(works_in_political_system=True)
    assert MEMBER_ROLLUP.mismatches() == {}
    Member.objects.all().delete()
    assert not MemberRollup.objects.exists()
    assert MEMBER_ROLLUP.mismatches() == {}


def test_a_moved_sub_tree_takes_its_members_counts_from_the_former_superiors_to_the_new_ones(
    city, ward_a, ward_b, branch_a, branch_b, member_a, member_b
):
    make_member(branch_b)
    branch_b.move_under(ward_a)
    assert _under(ward_a) == _direct(ward_a) == {MemberStatus.ACTIVE: 3}
    assert _under(ward_b) == {}
    assert _under(city) == {MemberStatus.ACTIVE: 3}
    # A whole ward with its branch, one level down: every organization inside keeps its counts.
    Organization.move_all([ward_a], ward_b)
    for organization in (city, ward_a, ward_b, branch_a, branch_b):
        organization.refresh_from_db()
        assert _under(organization) == _direct(organization)
    assert MEMBER_ROLLUP.mismatches() == {}
