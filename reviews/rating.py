"""Rating in three steps: self-assessment → proposal → decision, with the rule set's checks.

The decision is refused (``DomainError``) when the level is not in the rule
set, is better than the score band or a disqualifier allows, is the top level
while a commitment from an earlier cycle is not verified, or would break the
quota of its peer group; order rules only give warnings.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from organizations.models import GRASSROOTS_KINDS, Organization
from reviews import hooks
from reviews.models import CollectiveReview, IndividualReview
from reviews.rules import quota_breach


def has_open_earlier_commitments(review):
    """Whether something registered in ``hooks.top_level_barriers`` keeps the review's owner from the top level.

    Commitments registers the rule: a commitment from an earlier cycle that is
    not verified yet (the organization's for a collective review, the member's
    for an individual one).
    """
    return any(barrier(review) for barrier in hooks.top_level_barriers)


def _check_level(review, level):
    rules = review.cycle.rules
    if not rules.is_level(review.RATING_KIND, level):
        raise DomainError(
            _("“%(level)s” is not a level of the rule set %(rules)s.") % {"level": level, "rules": rules.name}
        )
    if not review.is_rated:
        raise DomainError(_("This review is not rated in this cycle: %(reason)s") % {"reason": review.not_rated_reason})


def _check_scores(review, general, results):
    rules = review.cycle.rules
    if not rules.scores:
        return
    for value, maximum, name in (
        (general, rules.general_max, _("general criteria")),
        (results, rules.results_max, _("task results")),
    ):
        if value is None or value < 0 or value > maximum:
            raise DomainError(
                _("The %(name)s score must be between 0 and %(maximum)s.") % {"name": name, "maximum": maximum}
            )


def _check_band(review, level):
    """A level may not be better than the disqualifiers or the score band allow."""
    rules = review.cycle.rules
    kind = review.RATING_KIND
    computed = review.computed_level()
    if computed is None:
        return
    if rules.rank(kind, level) < rules.rank(kind, computed):
        if review.is_disqualified:
            raise DomainError(
                _("A disqualifier (discipline or concluded degradation) forces the level “%(level)s”.")
                % {"level": rules.label(kind, computed)}
            )
        raise DomainError(
            _("A score of %(score)s allows at best “%(level)s”.")
            % {"score": review.total_score, "level": rules.label(kind, computed)}
        )


def _check_top(review, level):
    """The top level waits until the commitments of earlier cycles are verified, at every step of the rating."""
    rules = review.cycle.rules
    if level == rules.top(review.RATING_KIND) and has_open_earlier_commitments(review):
        raise DomainError(
            _("“%(level)s” cannot be given while a commitment from an earlier cycle is not verified.")
            % {"level": rules.label(review.RATING_KIND, level)},
            "level",
        )


@transaction.atomic
def self_assess(review, level, user, general_score=None, results_score=None):
    _check_level(review, level)
    _check_scores(review, general_score, results_score)
    review.general_score, review.results_score = general_score, results_score
    _check_band(review, level)
    _check_top(review, level)
    review.self_level = level
    review.save(update_fields=["general_score", "results_score", "self_level"])
    return review


@transaction.atomic
def propose(review, level, user, discipline=None, degradation_concluded=None):
    """The advisory body's proposal; it also records the disqualifiers it verified."""
    _check_level(review, level)
    if discipline is not None:
        review.discipline = discipline
    if degradation_concluded is not None:
        review.degradation_concluded = degradation_concluded
    _check_band(review, level)
    _check_top(review, level)
    review.proposed_level = level
    review.proposed_by = user
    review.proposed_at = timezone.now()
    review.save(update_fields=["discipline", "degradation_concluded", "proposed_level", "proposed_by", "proposed_at"])
    return review


def peer_reviews(review):
    """The reviews ``review``'s quota is counted among.

    Organizations: those of the same kind (grassroots or not) and sector in the
    cycle. Members: the members of the same grassroots organization.
    """
    if isinstance(review, CollectiveReview):
        organization = review.organization
        grassroots = organization.kind in GRASSROOTS_KINDS
        peers = CollectiveReview.objects.filter(cycle=review.cycle, organization__sector=organization.sector)
        if grassroots:
            return peers.filter(organization__kind__in=GRASSROOTS_KINDS)
        return peers.exclude(organization__kind__in=GRASSROOTS_KINDS)
    # The grassroots organization above, in the tree of the review's cycle (reviews.models.placement).
    ids = [int(part) for part in review.organization_path.split(".") if part]
    grassroots = set(Organization.objects.filter(pk__in=ids, kind__in=GRASSROOTS_KINDS).values_list("pk", flat=True))
    depth = max((i for i, pk in enumerate(ids) if pk in grassroots), default=len(ids) - 1)
    root_path = "".join(f"{pk:08d}." for pk in ids[: depth + 1])
    return IndividualReview.objects.filter(cycle=review.cycle, organization_path__startswith=root_path)


def check_quota(review, level, raised=False):
    """Refuse a decision that would put the peer group's top level over its quota."""
    rules = review.cycle.rules
    kind = review.RATING_KIND
    top, base = rules.top(kind), rules.quota_base(kind)
    if level != top and review.decided_level != base:
        return
    others = peer_reviews(review).exclude(pk=review.pk)
    top_count = others.filter(decided_level=top).count() + (level == top)
    base_count = others.filter(decided_level=base).count() + (level == base)
    limit = rules.quota_limit(raised)
    if top_count and quota_breach(top_count, base_count, limit):
        share = round(top_count * 100 / base_count, 1) if base_count else None
        raise DomainError(
            _(
                "Quota exceeded: this decision would make %(top)s rated “%(top_label)s” against %(base)s rated "
                "“%(base_label)s” in the peer group (%(share)s%%; at most %(limit)s%%)."
            )
            % {
                "top": top_count,
                "top_label": rules.label(kind, top),
                "base": base_count,
                "base_label": rules.label(kind, base),
                "share": share if share is not None else "∞",
                "limit": limit,
            }
        )


def order_warnings(review):
    """Warnings when order rules are broken: collectives before members, lower levels first, unit before head."""
    warnings = []
    if isinstance(review, IndividualReview):
        unit = CollectiveReview.objects.filter(cycle=review.cycle, organization=review.organization).first()
        if unit is not None and not unit.decided_level and unit.is_rated:
            if review.is_head:
                warnings.append(_("The unit should be rated before its head."))
            else:
                warnings.append(_("The collective should be rated before its members."))
    else:
        pending = (
            CollectiveReview.objects.filter(
                cycle=review.cycle, organization_path__startswith=review.organization_path, is_rated=True
            )
            .exclude(pk=review.pk)
            .filter(decided_level="")
            .count()
        )
        if pending:
            warnings.append(
                _("%(count)s lower-level organization(s) are not rated yet; lower levels should be rated first.")
                % {"count": pending}
            )
    return warnings


@transaction.atomic
def decide(review, level, user, quota_raised=False):
    """The competent level's decision. Returns the order warnings (the decision stands)."""
    review = type(review).objects.select_for_update().select_related("cycle", "organization").get(pk=review.pk)
    _check_level(review, level)
    _check_band(review, level)
    _check_top(review, level)
    check_quota(review, level, raised=quota_raised)
    review.decided_level = level
    review.quota_raised = quota_raised
    review.decided_by = user
    review.decided_at = timezone.now()
    review.save(update_fields=["decided_level", "quota_raised", "decided_by", "decided_at"])
    return order_warnings(review)
