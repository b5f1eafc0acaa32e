"""A path prefix below the top is a range on SQLite, and selects the same rows as the prefix LIKE."""

import pytest
from django.db import connection

from organizations.models import Organization
from reviews.models import IndividualReview
from reviews.tests.conftest import open_cycle
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


def test_a_ward_prefix_is_a_range_on_sqlite_and_a_like_elsewhere(ward_a):
    sql = str(Organization.objects.filter(path__startswith=ward_a.path).query)
    if connection.vendor == "sqlite":
        assert '"path" >= ' in sql and '"path" < ' in sql and "LIKE" not in sql
    else:
        assert "LIKE" in sql


def test_the_top_organizations_prefix_stays_a_like(city):
    assert "LIKE" in str(Organization.objects.filter(path__startswith=city.path).query)


def test_the_range_selects_what_the_prefix_selects(city, ward_a, ward_b, branch_a):
    # ward_a's id next to a ward whose path shares its digits: 00000002. is not under 00000002
    for organization in (ward_a, branch_a, ward_b, ward_b, make_organization("Chi bộ 3", parent=ward_b)):
        make_member(organization)
    cycle = open_cycle(organization=city)
    for organization in (ward_a, branch_a, ward_b):
        expected = {
            review.pk
            for review in IndividualReview.objects.filter(cycle=cycle)
            if review.organization_path.startswith(organization.path)
        }
        found = set(
            IndividualReview.objects.filter(cycle=cycle, organization_path__startswith=organization.path).values_list(
                "pk", flat=True
            )
        )
        assert found == expected and expected
        under = set(Organization.objects.filter(path__startswith=organization.path).values_list("pk", flat=True))
        assert under == {o.pk for o in Organization.objects.all() if o.path.startswith(organization.path)}
