"""Each refusal of the member registry's steps (``members.services``): the Vietnamese message, nothing changed."""

import datetime

from members import services
from tests.factories import make_member
from tests.refusals import assert_refused

JOINED = datetime.date(2024, 3, 1)
TOO_EARLY = "Đảng viên chuyển đến tổ chức hiện tại sau ngày này; không thể chuyển sinh hoạt trước ngày đó."


def test_a_transfer_dated_before_the_member_joined_the_current_organization_is_refused(branch_a, ward_a):
    member = make_member(branch_a, admission_date=JOINED, full_membership_date=None)
    assert_refused(
        lambda: services.move_member(member, ward_a, JOINED - datetime.timedelta(days=1)),
        TOO_EARLY,
        field="organization",
    )


def test_an_edit_that_transfers_the_member_too_early_saves_none_of_its_other_changes(branch_a, ward_a):
    member = make_member(branch_a, admission_date=JOINED, full_membership_date=None)
    member.full_name, member.organization = "Tên đã sửa", ward_a
    assert_refused(
        lambda: services.update_member(
            member, ["full_name", "organization"], on_date=JOINED - datetime.timedelta(days=1)
        ),
        TOO_EARLY,
        field="organization",
    )
