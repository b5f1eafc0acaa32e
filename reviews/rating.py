"""Rating in three steps: self-assessment → proposal → decision, with the rule set's checks.

A step is refused (``DomainError``) when the level is not in the rule set, when the steps come out of order
(a proposal needs the self-assessment, a decision the proposal, and where the regime scores, the 100-point
score), when the level is better than the score band, a disqualifier or one of the regime's organization
rules allow (QĐ 366's caps on the top level, Hướng dẫn 27's "yếu kém" triggers, Hướng dẫn 21's sick-leave
cap), when it is the top level while a commitment from an earlier cycle is not verified, or when it would
break the quota of its peer group. The rating order (members and subordinate organizations before the
organization above) refuses where the regime orders it and only warns elsewhere.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from members.models import MemberStatus
from organizations.models import GRASSROOTS_KINDS, Organization
from reviews import hooks, scoring
from reviews.models import (
    MEMBER_DISCIPLINES,
    ORGANIZATION_DISCIPLINES,
    CollectiveReview,
    Discipline,
    IndividualReview,
)
from reviews.rules import ORGANIZATION, quota_breach

# What a proposal may record besides the level and the disqualifiers, by kind of review.
ORGANIZATION_FACTS = (
    "leadership_disunity",
    "corruption_discipline",
    "government_rated_lowest",
    "mass_organizations_rated_lowest",
)
MEMBER_FACTS = ("sick_leave_months", "temporary_comments")
# Hướng dẫn 27: "yếu kém" with two mass organizations at the lowest level, a third of the subordinate
# organizations "yếu kém" (đảng bộ), half the members "không hoàn thành nhiệm vụ" (chi bộ), under 50 points.
WEAK_MASS_ORGANIZATIONS = 2
WEAK_SCORE = 50


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


def _subtree_members(review):
    # The sub-tree as it stood in the review's cycle (reviews.models.placement).
    return IndividualReview.objects.filter(
        cycle_id=review.cycle_id, organization_path__startswith=review.organization_path
    )


def _subordinates(review):
    return CollectiveReview.objects.filter(
        cycle_id=review.cycle_id, organization_path__startswith=review.organization_path
    ).exclude(pk=review.pk)


def _weak_triggers(review):
    """The reasons Hướng dẫn 27 gives for rating ``review``'s organization "yếu kém" (empty if none holds)."""
    rules = review.cycle.rules
    reasons = []
    if review.total_score is not None and review.total_score < WEAK_SCORE:
        reasons.append(_("under %(score)s points") % {"score": WEAK_SCORE})
    if review.leadership_disunity:
        reasons.append(_("disunity in the Party committee"))
    if review.corruption_discipline:
        reasons.append(_("a member disciplined for corruption or degradation"))
    if review.government_rated_lowest:
        reasons.append(_("the same-level government rated at the lowest level"))
    if review.mass_organizations_rated_lowest >= WEAK_MASS_ORGANIZATIONS:
        reasons.append(
            _("%(count)s mass organizations rated at the lowest level")
            % {"count": review.mass_organizations_rated_lowest}
        )
    children = CollectiveReview.objects.filter(
        cycle_id=review.cycle_id, organization__parent_id=review.organization_id, is_rated=True
    )
    if children.exists():
        weak = children.filter(decided_level=rules.lowest(ORGANIZATION)).count()
        if weak * 3 > children.count():
            reasons.append(
                _("%(weak)s of %(all)s subordinate organizations rated “%(level)s” (more than a third)")
                % {
                    "weak": weak,
                    "all": children.count(),
                    "level": rules.label(ORGANIZATION, rules.lowest(ORGANIZATION)),
                }
            )
    else:
        members = IndividualReview.objects.filter(
            cycle_id=review.cycle_id, organization_id=review.organization_id, is_rated=True
        )
        lowest = rules.lowest(IndividualReview.RATING_KIND)
        failed = members.filter(decided_level=lowest).count()
        if failed * 2 > members.count():
            reasons.append(
                _("%(failed)s of %(all)s members rated “%(level)s” (more than half)")
                % {"failed": failed, "all": members.count(), "level": rules.label(IndividualReview.RATING_KIND, lowest)}
            )
    return reasons


def ceilings(review):
    """(best level allowed, reason) for each of the regime's rules that caps ``review`` now."""
    rules = review.cycle.rules
    kind = review.RATING_KIND
    found = []
    if kind == ORGANIZATION:
        if rules.flag("top_level_caps"):
            disciplined = _subtree_members(review).exclude(discipline=Discipline.NONE).count()
            if disciplined or review.discipline:
                found.append(
                    (
                        rules.quota_base(kind),
                        _(
                            "“%(level)s” is not possible: the organization or %(count)s of its members were "
                            "disciplined in the year."
                        )
                        % {"level": rules.label(kind, rules.top(kind)), "count": disciplined},
                    )
                )
            lowest = _subordinates(review).filter(decided_level=rules.lowest(kind)).count()
            if lowest:
                found.append(
                    (
                        rules.quota_base(kind),
                        _("“%(level)s” is not possible: %(count)s subordinate organization(s) are rated “%(lowest)s”.")
                        % {
                            "level": rules.label(kind, rules.top(kind)),
                            "count": lowest,
                            "lowest": rules.label(kind, rules.lowest(kind)),
                        },
                    )
                )
        if rules.flag("weak_triggers") and (reasons := _weak_triggers(review)):
            found.append(
                (
                    rules.lowest(kind),
                    _("The organization is “%(level)s”: %(reasons)s.")
                    % {"level": rules.label(kind, rules.lowest(kind)), "reasons": "; ".join(str(r) for r in reasons)},
                )
            )
    else:
        cap = rules.setting("sick_leave_cap_months")
        if cap and review.sick_leave_months >= cap:
            best = rules.levels(kind)[min(2, len(rules.levels(kind)) - 1)].code
            found.append(
                (
                    best,
                    _("A member on sick leave for %(months)s months or more in the year is rated at best “%(level)s”.")
                    % {"months": cap, "level": rules.label(kind, best)},
                )
            )
    return found


def _check_ceilings(review, level):
    rules = review.cycle.rules
    for best, reason in ceilings(review):
        if rules.rank(review.RATING_KIND, level) < rules.rank(review.RATING_KIND, best):
            raise DomainError(reason, "level")


def _check_rules(review, level):
    _check_band(review, level)
    _check_ceilings(review, level)
    _check_top(review, level)


def _check_discipline(review, discipline):
    """An organization takes the organizations' forms of discipline, a member the members'."""
    allowed = ORGANIZATION_DISCIPLINES if review.RATING_KIND == ORGANIZATION else MEMBER_DISCIPLINES
    if discipline and discipline not in allowed:
        raise DomainError(
            _("“%(form)s” is not a form of discipline for %(whom)s.")
            % {
                "form": Discipline(discipline).label,
                "whom": _("an organization") if review.RATING_KIND == ORGANIZATION else _("a member"),
            },
            "discipline",
        )


@transaction.atomic
def self_assess(review, level, user, general_score=None, results_score=None, criterion_scores=None):
    """The self-assessment; where the regime scores line by line, ``criterion_scores`` gives the two totals."""
    _check_level(review, level)
    annex = scoring.annex_for(review)
    if annex is not None and criterion_scores is not None:
        general_score, results_score = scoring.totals(annex, criterion_scores)
        review.criterion_scores = {code: str(points) for code, points in criterion_scores.items()}
    _check_scores(review, general_score, results_score)
    review.general_score, review.results_score = general_score, results_score
    _check_rules(review, level)
    review.self_level = level
    review.save(update_fields=["general_score", "results_score", "criterion_scores", "self_level"])
    return review


@transaction.atomic
def propose(review, level, user, discipline=None, degradation_concluded=None, facts=None):
    """The advisory body's proposal, after the self-assessment; it records the disqualifiers and facts it verified."""
    _check_level(review, level)
    if not review.self_level:
        raise DomainError(_("The self-assessment comes first: there is nothing to propose on yet."), "level")
    allowed = ORGANIZATION_FACTS if review.RATING_KIND == ORGANIZATION else MEMBER_FACTS
    facts = facts or {}
    if unknown := set(facts) - set(allowed):
        raise ValueError(f"not a fact of this review: {sorted(unknown)}")
    if discipline is not None:
        _check_discipline(review, discipline)
        review.discipline = discipline
    if degradation_concluded is not None:
        review.degradation_concluded = degradation_concluded
    for name, value in facts.items():
        setattr(review, name, value)
    rules = review.cycle.rules
    if (
        review.RATING_KIND != ORGANIZATION
        and rules.flag("temporary_comments_required")
        and review.member.status == MemberStatus.TEMPORARY_ELSEWHERE
        and not review.temporary_comments.strip()
    ):
        raise DomainError(
            _(
                "The member has temporary Party activity elsewhere: record the written comments of that branch "
                "before the proposal."
            ),
            "temporary_comments",
        )
    _check_rules(review, level)
    review.proposed_level = level
    review.proposed_by = user
    review.proposed_at = timezone.now()
    review.save(
        update_fields=["discipline", "degradation_concluded", "proposed_level", "proposed_by", "proposed_at", *facts]
    )
    return review


def peer_reviews(review):
    """The reviews ``review``'s quota is counted among.

    Organizations: those of the same kind (grassroots or not) and sector in the
    cycle. Members: the members of the same grassroots organization (Hướng dẫn 21:
    "trong từng tổ chức cơ sở đảng"; kept for the later regimes' "peers with
    similar roles", which a city has no finer data for).
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
    if raised and not rules.flag("raised_quota_allowed"):
        raise DomainError(
            _("The rule set %(rules)s does not allow the competent level to raise the quota.") % {"rules": rules.name},
            "quota_raised",
        )
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


def pending_below(review):
    """(members, subordinate organizations) under ``review``'s organization still waiting for their decision."""
    if review.RATING_KIND != ORGANIZATION:
        return 0, 0
    members = _subtree_members(review).filter(is_rated=True, decided_level="").count()
    organizations = _subordinates(review).filter(is_rated=True, decided_level="").count()
    return members, organizations


def _check_order(review):
    """QĐ 124 Art. 11, QĐ 366 Art. 12: members and subordinate organizations are rated before the organization."""
    members, organizations = pending_below(review)
    if (members or organizations) and review.cycle.rules.flag("order_enforced"):
        raise DomainError(
            _(
                "Members and subordinate organizations are rated before the organization above them: "
                "%(members)s member(s) and %(organizations)s organization(s) below are not rated yet."
            )
            % {"members": members, "organizations": organizations}
        )


def order_warnings(review):
    """Where the regime does not enforce the order: a warning for each kind of review still waiting below."""
    members, organizations = pending_below(review)
    warnings = []
    if organizations:
        warnings.append(
            _("%(count)s lower-level organization(s) are not rated yet; lower levels should be rated first.")
            % {"count": organizations}
        )
    if members:
        warnings.append(
            _("%(count)s member(s) of the organization are not rated yet; members should be rated first.")
            % {"count": members}
        )
    return warnings


@transaction.atomic
def decide(review, level, user, quota_raised=False):
    """The competent level's decision, after the proposal. Returns the order warnings (the decision stands)."""
    review = type(review).objects.select_for_update().select_related("cycle", "organization").get(pk=review.pk)
    _check_level(review, level)
    if not review.proposed_level:
        raise DomainError(
            _("The proposal of the advisory body comes first: there is nothing to decide on yet."), "level"
        )
    if review.cycle.rules.scores and review.total_score is None:
        raise DomainError(
            _("Under %(rules)s the decision needs the 100-point score of the self-assessment.")
            % {"rules": review.cycle.rules.name},
            "level",
        )
    _check_rules(review, level)
    _check_order(review)
    check_quota(review, level, raised=quota_raised)
    review.decided_level = level
    review.quota_raised = quota_raised
    review.decided_by = user
    review.decided_at = timezone.now()
    review.save(update_fields=["decided_level", "quota_raised", "decided_by", "decided_at"])
    return order_warnings(review)
