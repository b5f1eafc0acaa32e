"""Fixtures of the reports tests: a private MEDIA_ROOT and data of ward B carrying a marker."""

import datetime
import zoneinfo

import pytest

from members.models import MemberStatus
from organizations.models import OrganizationKind
from tests.factories import make_member, make_organization

MARKER = "ZQXMARKER"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def marked_b(ward_b, branch_b):
    """An organization and a member under ward B whose names carry ``MARKER``; nobody in A may see them."""
    organization = make_organization(
        f"Chi bộ {MARKER}", parent=ward_b, kind=OrganizationKind.BRANCH, code=f"{MARKER}-1"
    )
    member = make_member(branch_b, full_name=f"Nguyễn {MARKER}", card_number="99990001", status=MemberStatus.ACTIVE)
    return organization, member


@pytest.fixture
def world(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, city_staff):
    """The hand-counted review world of ``reports.tests.fixtures``, "today" being 20/12/2017."""
    import time_machine

    from reports.tests.fixtures import TODAY, build_world

    with time_machine.travel(datetime.datetime(TODAY.year, TODAY.month, TODAY.day, 10, tzinfo=HANOI), tick=False):
        yield build_world(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, city_staff)
