"""Every rating rule run over the ratings a cycle holds: what ``reviews.rating`` would have refused.

Ratings that did not come through the three steps (the demo's, written in bulk; a past year's, imported)
are checked here against the same rules: the level in the rule set, the steps in order, the score a scored
regime needs, the score band and disqualifiers, the regime's caps (QĐ 366's top level, Hướng dẫn 27's "yếu
kém", Hướng dẫn 21's sick leave), the rating order where the regime enforces it, and the quota of each peer
group. Only decided reviews are checked; the rules are read from ``reviews.rating`` so the two never differ.
"""

from collections import Counter
from dataclasses import dataclass

from core.errors import DomainError
from organizations.models import GRASSROOTS_KINDS, Organization
from reviews import rating
from reviews.models import CollectiveReview, IndividualReview
from reviews.rules import ORGANIZATION, quota_breach


@dataclass(frozen=True)
class Violation:
    review: object
    message: str

    def __str__(self):
        return f"{self.review}: {self.message}"


def _review_checks(review, rules):
    """The rules one review is refused by on its own (no quota), as messages."""
    kind = review.RATING_KIND
    if not rules.is_level(kind, review.decided_level):
        return [f"“{review.decided_level}” is not a level of {rules.name}"]
    if not review.is_rated:
        return ["decided although not rated in the cycle"]
    found = []
    if not (review.self_level and review.proposed_level):
        found.append("decided without the self-assessment and the proposal")
    if rules.scores and review.total_score is None:
        found.append("decided without the 100-point score")
    # Only the top level has something to check against the earlier commitments (one query each).
    checks = [rating._check_band, rating._check_ceilings]
    if review.decided_level == rules.top(kind):
        checks.append(rating._check_top)
    for check in checks:
        try:
            check(review, review.decided_level)
        except DomainError as refusal:
            found.append(str(refusal))
    if kind == ORGANIZATION and rules.flag("order_enforced") and any(rating.pending_below(review)):
        found.append("decided before the members and subordinate organizations below it")
    return found


def _quota_groups(cycle):
    """(label, queryset) for every peer group whose quota the rules count, as ``rating.peer_reviews`` does."""
    collective = CollectiveReview.objects.filter(cycle=cycle)
    for sector in collective.values_list("organization__sector", flat=True).distinct():
        peers = collective.filter(organization__sector=sector)
        yield f"grassroots organizations ({sector})", peers.filter(organization__kind__in=GRASSROOTS_KINDS)
        yield f"other organizations ({sector})", peers.exclude(organization__kind__in=GRASSROOTS_KINDS)
    grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS, pk__in=collective.values("organization")).only(
        "path", "name"
    )
    for organization in grassroots:
        yield (
            f"members of {organization}",
            IndividualReview.objects.filter(cycle=cycle, organization__path__startswith=organization.path),
        )


def _quota_violations(cycle, rules):
    found = []
    for label, peers in _quota_groups(cycle):
        kind = peers.model.RATING_KIND
        top, base = rules.top(kind), rules.quota_base(kind)
        counts = Counter(peers.exclude(decided_level="").values_list("decided_level", flat=True))
        raised = rules.flag("raised_quota_allowed") and peers.filter(quota_raised=True).exists()
        limit = rules.quota_limit(raised)
        if counts[top] and quota_breach(counts[top], counts[base], limit):
            found.append(
                Violation(
                    cycle, f"{label}: {counts[top]} at “{top}” against {counts[base]} at “{base}” (over {limit}%)"
                )
            )
    return found


def violations(cycle):
    """Every rule the decided ratings of ``cycle`` break, as ``Violation``s (empty when all hold)."""
    rules = cycle.rules
    found = []
    for model in (CollectiveReview, IndividualReview):
        decided = model.objects.filter(cycle=cycle).exclude(decided_level="").select_related("cycle", "organization")
        if model is IndividualReview:
            decided = decided.select_related("member")
        for review in decided.iterator(chunk_size=2000):
            found.extend(Violation(review, message) for message in _review_checks(review, rules))
    return found + _quota_violations(cycle, rules)
