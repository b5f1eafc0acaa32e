"""Context for the commitments fragment on an organization's page (wired into organizations at merge)."""

from django.utils import timezone

from accounts import access
from commitments.models import CarryOverItem, Commitment, Verification
from core.lists import by_keys
from reviews.models import CollectiveReview

LIMIT = 20


def organization_commitments(organization, user):
    """Open commitments of the organization's sub-tree (overdue first) and its latest verifications.

    Render with ``{% include "commitments/includes/_organization_commitments.html" %}``.
    """
    commitments = access.scope(
        Commitment.objects.filter(organization__path__startswith=organization.path), user
    ).unverified()
    open_commitments = by_keys(
        commitments.with_overdue(timezone.localdate())
        .select_related("organization", "origin_organization", "member")
        .order_by("-is_overdue", "deadline", "pk")[:LIMIT]
    )
    # Scoped through the join (``via``, the same placement as the commitments'), not an IN over every commitment
    # in reach: at the top of a province PostgreSQL hashed all 2,000 of them to keep 20 verifications (10 → 4 ms).
    history = (
        access.scope(
            Verification.objects.filter(commitment__organization__path__startswith=organization.path),
            user,
            via="commitment__organization",
        )
        .select_related("commitment")
        .order_by("-verified_at", "-pk")[:LIMIT]
    )
    return {"open_commitments": open_commitments, "verification_history": history}


def carry_over_items(review):
    """Section III of ``review`` (collective or individual): the earlier commitments carried into it.

    Render with ``{% include "commitments/includes/_carry_over_items.html" %}``.
    """
    lookup = "collective_review" if isinstance(review, CollectiveReview) else "individual_review"
    items = CarryOverItem.objects.filter(**{lookup: review}).select_related(
        "commitment", "commitment__cycle", "commitment__origin_organization"
    )
    return {"carry_over_items": items}
