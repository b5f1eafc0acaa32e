"""The organizations' roll-up (``organizations.summaries``) matches a direct count at every organization above them."""

import datetime

import pytest
from django.db.models import Sum

from core import rollups
from organizations.models import PATH_SEGMENT, Organization, OrganizationKind, OrganizationRollup
from organizations.summaries import ORGANIZATION_ROLLUP
from tests.factories import make_organization

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 1)


def _active_under(organization, day=TODAY):
    rows = OrganizationRollup.objects.filter(ancestor=organization, valid_from__lte=day, ends_on__gt=day)
    return rows.aggregate(n=Sum("total"))["n"] or 0


def _direct(organization, day=TODAY):
    return Organization.objects.active_on(day).filter(path__startswith=organization.path).count()


def test_the_roll_ups_path_segment_is_the_trees():
    assert rollups.SEGMENT == PATH_SEGMENT


def test_organizations_are_counted_at_every_organization_above_them(city, ward_a, ward_b, branch_a, branch_b):
    assert _active_under(city) == _direct(city) == 5
    assert _active_under(ward_a) == 2
    assert _active_under(branch_a) == 1
    assert ORGANIZATION_ROLLUP.mismatches() == {}


def test_closing_renaming_and_changing_kinds_keep_the_counts(city, ward_a, branch_a):
    branch_a.close(datetime.date(2025, 7, 1))
    assert _active_under(city) == _direct(city) == 2
    assert _active_under(city, datetime.date(2025, 6, 30)) == _direct(city, datetime.date(2025, 6, 30)) == 3
    Organization.objects.filter(pk=ward_a.pk).update(name="Đảng bộ phường mới", kind=OrganizationKind.GRASSROOTS_CELL)
    Organization.objects.filter(path__startswith=city.path, valid_to=None).update(valid_from=datetime.date(2026, 6, 1))
    assert _active_under(city) == _direct(city) == 0
    assert ORGANIZATION_ROLLUP.mismatches() == {}


def test_a_moved_sub_tree_leaves_its_former_superiors_counts_for_the_new_ones(city, ward_a, ward_b, branch_a):
    make_organization(parent=branch_a, kind=OrganizationKind.PARTY_GROUP)
    Organization.move_all([branch_a], ward_b)
    assert _active_under(ward_a) == _direct(ward_a) == 1
    assert _active_under(ward_b) == _direct(ward_b) == 3
    assert _active_under(city) == 5
    assert ORGANIZATION_ROLLUP.mismatches() == {}
