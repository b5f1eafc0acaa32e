"""One organization's page: its ratings over the years, the current cycle's step, directives, commitments."""

from django.db.models import Case, CharField, Q, Value, When

from directives.models import DirectiveStatus, DirectiveTarget
from organizations import lineage
from reports.figures import directives
from reports.figures.common import scoped, url
from reports.figures.reviews import member_levels
from reviews import board
from reviews.models import CollectiveReview
from reviews.models.placement import cycle_date
from reviews.rules import MEMBER, ORGANIZATION


def _step():
    return Case(
        *[When(condition, then=Value(code)) for code, _label, condition in board.STEPS],
        default=Value(""),
        output_field=CharField(),
    )


def reviews_over_the_years(organization, user):
    """The organization's collective review in every cycle (newest first), its name then and its members' levels.

    Three queries.
    """
    reviews = list(
        scoped(CollectiveReview.objects.filter(organization=organization), user)
        .annotate(step=_step())
        .select_related("cycle", "organization")
        .order_by("-cycle__year", "-cycle__number", "-pk")
    )
    # Each cycle's name of the organization, where a renaming came since (one query).
    lineage.attach_names_then(reviews, cycle_date)
    by_cycle = {}
    for (cycle_id, level), n in member_levels([r.cycle for r in reviews], user, organization).items():
        by_cycle.setdefault(cycle_id, {})[level] = n
    steps = {code: label for code, label, _condition in board.STEPS}
    rows = []
    for review in reviews:
        rules = review.cycle.rules
        counts = by_cycle.get(review.cycle_id, {})
        rows.append(
            {
                "cycle": review.cycle,
                "review_link": url("reviews:collective_detail", review.pk),
                "organization_then": review.organization_then,
                "step": steps.get(review.step, ""),
                "level": rules.label(ORGANIZATION, review.decided_level) if review.decided_level else "",
                "members": [
                    {
                        "label": level.label,
                        "count": counts.get(level.code, 0),
                        "link": url("reports:individual_reviews", cycle=review.cycle_id, level=level.code),
                    }
                    for level in rules.levels(MEMBER)
                ],
            }
        )
    return rows


def directives_received(organization, user):
    """Issued directives aimed at the organization, with its explanation report and conclusion (one query)."""
    # The ones it holds, and those aimed at it that a successor holds since a merger: its history keeps them.
    aimed = Q(organization=organization) | Q(origin_organization=organization)
    targets = scoped(DirectiveTarget.objects.filter(aimed, directive__status=DirectiveStatus.ISSUED), user)
    return directives.rows_of(directives.annotated(targets).order_by("-directive__issued_on", "-pk"))


def current_steps(cycle, user, organizations):
    """{organization pk: {"step", "link"}}: the step of each of ``organizations``' reviews in ``cycle`` (one query)."""
    labels = {code: label for code, label, _condition in board.STEPS}
    rows = (
        scoped(CollectiveReview.objects.filter(cycle=cycle, organization__in=organizations), user)
        .annotate(step=_step())
        .values_list("organization_id", "pk", "step")
    )
    return {
        organization: {"step": labels.get(step, ""), "link": url("reviews:collective_detail", pk)}
        for organization, pk, step in rows
    }
