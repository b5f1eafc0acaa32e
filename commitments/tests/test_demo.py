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
    assert all(c.organization_id == c.collective_review.organization_id for c in commitments)


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
