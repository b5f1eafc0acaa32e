import io

import pytest

from core.workflow import SubmissionStatus, SubmissionVersion
from organizations.models import GRASSROOTS_KINDS, OrganizationKind
from reviews import demo
from reviews.models import CollectiveReview, IndividualReview, ReviewCycle
from tests.factories import make_member, make_organization


@pytest.fixture
def demo_city(city, city_staff):
    for number in range(92):
        kind = OrganizationKind.GRASSROOTS_COMMITTEE if number % 3 else OrganizationKind.GRASSROOTS_CELL
        organization = make_organization(f"Tổ chức cơ sở {number}", parent=city, kind=kind)
        if number % 4 == 0:
            make_organization(f"Chi bộ {number}", parent=organization, kind=OrganizationKind.BRANCH)
        make_member(organization)
    return city


def test_the_2017_cycle_is_completed_with_85_percent_clean_and_strong_or_good(demo_city):
    demo.seed(io.StringIO())
    cycle = ReviewCycle.objects.get(year=2017)
    assert cycle.rule_set.code == "HD27"
    grassroots = CollectiveReview.objects.filter(cycle=cycle, organization__kind__in=GRASSROOTS_KINDS)
    assert grassroots.count() == 92
    assert grassroots.filter(decided_level__in=["tsvm", "httnv"]).count() == 78
    assert grassroots.filter(decided_level__in=["tsvm_tb", "tsvm", "httnv"]).count() == 78
    assert not cycle.collective_reviews.exclude(status=SubmissionStatus.ACCEPTED).exists()
    assert not cycle.individual_reviews.exclude(status=SubmissionStatus.ACCEPTED).exists()


def test_the_2018_cycle_is_open_in_varied_states(demo_city):
    demo.seed(io.StringIO())
    cycle = ReviewCycle.objects.get(year=2018)
    assert cycle.rule_set.code == "QD132" and cycle.is_open
    statuses = set(cycle.collective_reviews.values_list("status", flat=True))
    assert statuses == set(SubmissionStatus.values)


def test_seeding_twice_changes_nothing(demo_city):
    demo.seed(io.StringIO())
    counts = (
        ReviewCycle.objects.count(),
        CollectiveReview.objects.count(),
        IndividualReview.objects.count(),
        SubmissionVersion.objects.count(),
        list(CollectiveReview.objects.order_by("pk").values_list("status", "decided_level")),
    )
    demo.seed(io.StringIO())
    assert counts == (
        ReviewCycle.objects.count(),
        CollectiveReview.objects.count(),
        IndividualReview.objects.count(),
        SubmissionVersion.objects.count(),
        list(CollectiveReview.objects.order_by("pk").values_list("status", "decided_level")),
    )


def test_seeding_is_deterministic(demo_city):
    demo.seed(io.StringIO())
    first = list(
        CollectiveReview.objects.order_by("organization__path", "cycle__year").values_list("status", "decided_level")
    )
    CollectiveReview.objects.all().delete()
    ReviewCycle.objects.all().delete()
    SubmissionVersion.objects.all().delete()
    demo.seed(io.StringIO())
    assert first == list(
        CollectiveReview.objects.order_by("organization__path", "cycle__year").values_list("status", "decided_level")
    )


def test_seeding_without_organizations_does_nothing(db):
    out = io.StringIO()
    demo.seed(out)
    assert not ReviewCycle.objects.exists()
    assert "nothing to seed" in out.getvalue()
