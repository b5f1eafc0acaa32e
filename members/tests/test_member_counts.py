"""The member counts (a summary table kept by triggers) match a direct count after every service action."""

import datetime

from members import services
from members.models import Member, MemberCount, MemberStatus
from members.summaries import MEMBERS
from tests.factories import make_member


def _counts():
    return sorted(
        MemberCount.objects.values_list("organization_id", "status", "is_leader", "works_in_political_system", "total")
    )


def test_creating_members_counts_them_per_organization_status_and_form_flags(branch_a, branch_b):
    make_member(branch_a, is_leader=True)
    make_member(branch_a)
    services.create_members([Member(**_fields(branch_b, "card-1")), Member(**_fields(branch_b, "card-2"))])
    assert _counts() == [
        (branch_a.pk, MemberStatus.ACTIVE, False, False, 1),
        (branch_a.pk, MemberStatus.ACTIVE, True, False, 1),
        (branch_b.pk, MemberStatus.ACTIVE, False, False, 2),
    ]
    assert MEMBERS.mismatches() == {}


def _fields(organization, card):
    return {
        "full_name": "Phạm Văn Nam",
        "sex": "male",
        "date_of_birth": datetime.date(1980, 1, 1),
        "card_number": card,
        "admission_date": datetime.date(2005, 5, 19),
        "organization": organization,
    }


def test_a_status_change_and_a_transfer_move_the_member_between_counts(member_a, branch_a, branch_b):
    member_a.status = MemberStatus.EXCUSED
    services.update_member(member_a, ["status"])
    assert _counts() == [(branch_a.pk, MemberStatus.EXCUSED, False, False, 1)]
    services.move_member(member_a, branch_b, datetime.date.today())
    assert _counts() == [(branch_b.pk, MemberStatus.EXCUSED, False, False, 1)]
    assert MEMBERS.mismatches() == {}


def test_bulk_updates_and_deletes_keep_the_counts(member_a, member_b, branch_a):
    Member.objects.update(organization=branch_a, works_in_political_system=True)
    assert _counts() == [(branch_a.pk, MemberStatus.ACTIVE, False, True, 2)]
    Member.objects.all().delete()
    assert _counts() == []
    assert MEMBERS.mismatches() == {}
