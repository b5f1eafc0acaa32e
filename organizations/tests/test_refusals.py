"""Each refusal of the organization tree's steps (``organizations.services``): the message, its field, nothing changed.

Creating and editing check the model's own rules (``Organization.clean``)
again, for callers that skip the form: those refusals keep each message by
its field (``DomainError.errors``).
"""

import datetime

import pytest

from organizations import services
from organizations.models import Organization, OrganizationKind
from tests.factories import make_member, make_organization
from tests.refusals import assert_refused

ON = datetime.date(2025, 7, 1)


def test_creating_an_organization_that_ends_before_it_starts_is_refused(ward_a):
    organization = Organization(
        name="Chi bộ mới", code="NEW", kind=OrganizationKind.BRANCH, sector=ward_a.sector, parent=ward_a,
        valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2024, 1, 1),
    )  # fmt: skip
    refused = assert_refused(
        lambda: services.create_organization(organization), "Ngày kết thúc không được trước ngày bắt đầu."
    )
    assert refused.errors == {"valid_to": "Ngày kết thúc không được trước ngày bắt đầu."}


def test_moving_an_organization_under_its_own_sub_unit_is_refused(ward_a, branch_a):
    ward_a.parent = branch_a
    refused = assert_refused(
        lambda: services.update_organization(ward_a, ["parent"]),
        "Không thể đặt một tổ chức dưới chính nó hoặc dưới một đơn vị trực thuộc của nó.",
    )
    assert list(refused.errors) == ["parent"]


def test_closing_an_organization_already_closed_is_refused(branch_a):
    services.close_organization(branch_a, ON)
    assert_refused(
        lambda: services.close_organization(branch_a, ON + datetime.timedelta(days=1)),
        "Chi bộ khu phố 1 đã kết thúc hoạt động.",
        field="on_date",
    )


def test_closing_before_the_founding_date_is_refused(branch_a):
    assert_refused(
        lambda: services.close_organization(branch_a, datetime.date(2000, 1, 1)),
        "Ngày có hiệu lực không được trước ngày Chi bộ khu phố 1 được thành lập (01/01/2010).",
        field="on_date",
    )


def test_merging_into_a_sub_unit_is_refused(ward_a, branch_a):
    assert_refused(
        lambda: services.close_organization(ward_a, ON, successor=branch_a),
        "Tổ chức kế tục không được là chính Đảng bộ phường Trần Hưng Đạo hoặc một đơn vị trực thuộc của nó.",
        field="successor",
    )


def test_merging_into_an_organization_not_active_on_the_closing_date_is_refused(city, ward_a):
    later = make_organization("Đảng bộ lập sau", parent=city, valid_from=ON + datetime.timedelta(days=1))
    assert_refused(
        lambda: services.close_organization(ward_a, ON, successor=later),
        "Tổ chức kế tục Đảng bộ lập sau phải đang hoạt động vào ngày thay đổi có hiệu lực.",
        field="successor",
    )


@pytest.mark.parametrize("left", ["sub-unit", "member"])
def test_closing_without_a_successor_is_refused_while_sub_units_or_members_remain(ward_b, branch_b, left):
    closing = ward_b if left == "sub-unit" else branch_b
    if left == "member":
        make_member(branch_b)
    assert_refused(
        lambda: services.close_organization(closing, ON),
        "vẫn còn đơn vị trực thuộc đang hoạt động, đảng viên hoặc việc còn dở dang; hãy chọn tổ chức kế tục.",
        field="successor",
    )
