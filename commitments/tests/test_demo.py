"""The demo seed: every state present, deterministic, idempotent."""

import io

from commitments import demo
from commitments.models import Commitment, CommitmentStatus, ExtensionRequest, Verification
from reviews.models import ReviewCycle
from tests.factories import make_organization


def test_seed_creates_2017_commitments_in_every_state(secretary_a, secretary_b, inspector, city_staff, ward_a, ward_b):
    for number in range(20):
        make_organization(f"Đảng bộ {number}", code=f"DEMO{number:02d}")
    demo.seed(io.StringIO())
    cycle = ReviewCycle.objects.get(year=2017, kind="annual")
    assert cycle.rule_set.code == "HD27"
    commitments = Commitment.objects.filter(cycle=cycle)
    statuses = set(commitments.values_list("status", flat=True))
    assert set(CommitmentStatus.values) - {CommitmentStatus.OPEN} <= statuses
    assert commitments.overdue().exists()
    assert commitments.filter(extension_count__gt=0).count() == ExtensionRequest.objects.count() > 0
    assert Verification.objects.filter(outcome="not_effective").exists()
    assert Verification.objects.filter(outcome="verified").count() == commitments.filter(status="verified").count()
    assert all(c.organization_id == c.source.organization_id for c in commitments)


def test_seed_is_idempotent_and_deterministic(secretary_a, inspector, city_staff, ward_a, ward_b):
    demo.seed(io.StringIO())
    first = list(Commitment.objects.order_by("pk").values_list("organization_id", "measure", "status", "deadline"))
    demo.seed(io.StringIO())
    assert (
        list(Commitment.objects.order_by("pk").values_list("organization_id", "measure", "status", "deadline")) == first
    )
    Commitment.objects.all().delete()
    demo.seed(io.StringIO())
    assert (
        list(Commitment.objects.order_by("pk").values_list("organization_id", "measure", "status", "deadline")) == first
    )


def test_seed_turns_the_2017_directive_conclusions_into_commitments_once(
    secretary_a, inspector, city_staff, ward_a, conclusion_a
):
    demo.seed(io.StringIO())
    from_directives = Commitment.objects.filter(source_kind="directive_conclusion")
    assert from_directives.count() == 4  # two measures for each of the two concluded shortcomings
    assert set(from_directives.values_list("shortcoming", flat=True)) == set(
        conclusion_a.shortcomings.values_list("text", flat=True)
    )
    assert all(c.directive_conclusion_id == conclusion_a.pk and c.organization_id == ward_a.pk for c in from_directives)
    assert len(set(from_directives.values_list("status", flat=True))) >= 3
    demo.seed(io.StringIO())
    assert Commitment.objects.filter(source_kind="directive_conclusion").count() == 4


def test_seed_carries_open_commitments_over_into_later_cycles(secretary_a, inspector, city_staff, ward_a, next_cycle):
    from commitments.models import CarryOverItem
    from reviews.models import CollectiveReview

    CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    demo.seed(io.StringIO())
    unverified = Commitment.objects.filter(organization=ward_a).unverified()
    assert unverified.exists()
    assert CarryOverItem.objects.filter(cycle=next_cycle).count() == unverified.count()
