"""``manage.py derive_past_lineage``: organizations closed before the restructuring record get the successor
their members' transfers point to, as a derived event; a dry run by default, ambiguous cases left to a person."""

import datetime
import io

import pytest
from django.core.management import call_command

from members.models import Member
from members.services import move_members
from organizations import lineage, services
from organizations.models import EventKind, LineageLink, Organization, OrganizationEvent, OrganizationKind
from tests.factories import make_member, make_organization

CLOSED_ON = datetime.date(2019, 1, 1)


def run(*args):
    out = io.StringIO()
    call_command("derive_past_lineage", *args, stdout=out)
    return out.getvalue()


def transfer(organization, destination, count, on_date=CLOSED_ON):
    """``count`` members of ``organization`` transferred to ``destination`` on ``on_date``."""
    members = [make_member(organization) for _ in range(count)]
    move_members(Member.objects.filter(pk__in=[member.pk for member in members]), destination, on_date)


def close_by_hand(organization, on_date=CLOSED_ON):
    """Closed as before the product kept lineage: an end date and nothing else (its sub-units are left as they are:
    each closed one would get its own proposal)."""
    Organization.objects.filter(pk=organization.pk).update(valid_to=on_date)
    organization.refresh_from_db()


@pytest.fixture
def ward_c(city):
    return make_organization("Đảng bộ phường Vị Hoàng", parent=city, code="P-VH")


@pytest.fixture
def closed_into_b(ward_a, branch_a, branch_b, ward_c):
    """Ward A closed in 2019: three of its branch's members went to ward B's branch, one to ward C."""
    transfer(branch_a, branch_b, 3)
    transfer(branch_a, ward_c, 1)
    close_by_hand(ward_a)
    return ward_a


def test_a_dry_run_changes_nothing_and_says_what_it_would_record(closed_into_b, ward_b):
    output = run()
    assert "Đảng bộ phường Trần Hưng Đạo" in output and "→ Đảng bộ phường Quang Trung" in output
    assert "members' transfers: 3 of 4" in output and "Dry run: 1 links would be recorded" in output
    assert not OrganizationEvent.objects.exists() and not LineageLink.objects.exists()


def test_apply_records_the_successor_the_transfers_point_to_as_a_derived_event(closed_into_b, ward_a, ward_b):
    output = run("--apply")

    event = OrganizationEvent.objects.get()
    assert (event.kind, event.subject, event.date, event.derived) == (EventKind.DISSOLVE, ward_a, CLOSED_ON, True)
    assert event.basis == (
        "Không có quyết định; suy ra từ hồ sơ: "
        "chuyển sinh hoạt của đảng viên: 3/4 hồ sơ chỉ về Đảng bộ phường Quang Trung"
    )
    assert [(link.predecessor, link.successor, link.date) for link in event.links.all()] == [
        (ward_a, ward_b, CLOSED_ON)
    ]
    ward_a.refresh_from_db()
    assert ward_a.successor == ward_b and lineage.ancestry_ids([ward_b.pk]) == {ward_a.pk}
    assert "Recorded 1 links in 1 derived events." in output


def test_a_tie_is_listed_and_skipped(ward_a, branch_a, branch_b, ward_c):
    transfer(branch_a, branch_b, 2)
    transfer(branch_a, ward_c, 2)
    close_by_hand(ward_a)

    output = run("--apply")

    assert "Skipped Đảng bộ phường Trần Hưng Đạo" in output
    assert "Đảng bộ phường Quang Trung: 2, Đảng bộ phường Vị Hoàng: 2" in output
    assert not LineageLink.objects.exists()


def test_an_organization_whose_records_point_nowhere_is_listed_and_skipped(ward_a, branch_a):
    make_member(branch_a)  # never transferred
    close_by_hand(ward_a)

    output = run("--apply")

    assert "Skipped Đảng bộ phường Trần Hưng Đạo" in output and "Recorded 0 links" in output
    assert not OrganizationEvent.objects.exists()


def test_an_organization_already_linked_is_left_untouched(ward_a, ward_b, branch_a):
    basis = services.Basis(number="12-QĐ/TU", date=CLOSED_ON, issuer="Thành ủy Nam Định")
    transfer(branch_a, ward_b, 2, on_date=CLOSED_ON)
    event = services.dissolve(ward_a, CLOSED_ON, basis, successor=ward_b)

    output = run("--apply")

    assert "Trần Hưng Đạo" not in output
    assert list(OrganizationEvent.objects.all()) == [event] and not event.derived


def test_a_second_run_records_nothing_more(closed_into_b):
    run("--apply")
    output = run("--apply")
    assert "Trần Hưng Đạo" not in output and "Recorded 0 links" in output
    assert OrganizationEvent.objects.count() == 1 and LineageLink.objects.count() == 1


def test_wards_closed_on_one_day_into_one_successor_are_recorded_as_one_merger(city, ward_a, ward_b, ward_c):
    for ward in (ward_a, ward_b):
        branch = make_organization(parent=ward, kind=OrganizationKind.BRANCH)
        transfer(branch, ward_c, 2, on_date=CLOSED_ON - datetime.timedelta(days=3))
        close_by_hand(ward)

    run("--apply")

    event = OrganizationEvent.objects.get()
    assert (event.kind, event.subject, event.derived) == (EventKind.MERGE, ward_c, True)
    assert sorted(link.predecessor.code for link in event.links.all()) == ["P-QT", "P-THD"]
    assert event.note == (
        "Đảng bộ phường Trần Hưng Đạo: chuyển sinh hoạt của đảng viên: 2/2 hồ sơ chỉ về Đảng bộ phường Vị Hoàng; "
        "Đảng bộ phường Quang Trung: chuyển sinh hoạt của đảng viên: 2/2 hồ sơ chỉ về Đảng bộ phường Vị Hoàng"
    )
