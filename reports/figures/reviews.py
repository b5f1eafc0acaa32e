"""Review-cycle figures: progress by step, laggards, ratings by level, members not reviewed."""

from django.db.models import Case, IntegerField, Q, Sum, Value, When

from accounts.access import rolled_up
from organizations import lineage
from organizations.models import GRASSROOTS_KINDS
from reports.figures.common import percent, scoped, url
from reviews import board
from reviews.models import CollectiveReview, CollectiveReviewRollup, IndividualReviewRollup, NotReviewedRollup
from reviews.rules import MEMBER, ORGANIZATION

LAGGARDS_SHOWN = 10


def grassroots_reviews(cycles, user, organization=None):
    """Collective reviews of grassroots organizations in ``cycles`` the user reaches."""
    queryset = CollectiveReview.objects.filter(cycle__in=cycles, organization__kind__in=GRASSROOTS_KINDS)
    return scoped(queryset, user, organization=organization)


def progress(cycle, user, organization=None):
    """Grassroots organizations of ``cycle`` by step (``reviews.board.STEPS``), one query.

    Summed from the collective reviews' roll-up (``reviews.summaries``): a few rows for each
    root of the reader's reach, whatever the number of organizations under it.

    Returns ``{"total": n, "steps": [(code, label, count, link)]}``; each link
    opens the cycle board filtered to that step.
    """
    rows = (
        CollectiveReviewRollup.objects.filter(rolled_up(user, [cycle], organization))
        .order_by()
        .values_list("step")
        .annotate(n=Sum("total"))
    )
    counts = dict(rows)
    steps = [
        (code, label, counts.get(code, 0), url("reviews:cycle_board", cycle.pk, step=code))
        for code, label, _condition in board.STEPS
    ]
    return {"total": sum(counts.values()), "steps": steps, "link": url("reviews:cycle_board", cycle.pk)}


def laggards(cycle, user, organization=None, limit=LAGGARDS_SHOWN):
    """The organizations furthest behind (not started, then draft, then returned), two queries."""
    ranks = {code: rank for rank, code in enumerate(board.LAGGING_STEPS)}
    labels = {code: label for code, label, _condition in board.STEPS}
    condition = Q()
    for code in board.LAGGING_STEPS:
        condition |= board.STEP_CONDITIONS[code]
    rank = Case(
        *[When(board.STEP_CONDITIONS[code], then=Value(r)) for code, r in ranks.items()],
        output_field=IntegerField(),
    )
    rows = (
        grassroots_reviews([cycle], user, organization)
        .filter(board.LAGGING)
        .filter(condition)
        .annotate(rank=rank)
        .select_related("organization")
        .order_by("rank", "organization__name", "pk")[:limit]
    )
    steps = board.LAGGING_STEPS
    # Named as on the cycle's reference date, as its board (``reviews.board.decorate``): one query.
    rows = lineage.attach_names_then(rows, cycle.reference_date)
    return [
        {
            "organization": row.organization_then.name_then,
            "organization_then": row.organization_then,
            "step": labels[steps[row.rank]],
            "link": url("reviews:collective_detail", row.pk),
        }
        for row in rows
    ]


def _grouped_levels(rollup, cycles, user, organization=None):
    """{(cycle id, decided level): count} ("" is "not rated yet") from ``rollup``, one GROUP BY."""
    rows = (
        rollup.objects.filter(rolled_up(user, cycles, organization))
        .order_by()
        .values_list("cycle_id", "decided_level")
        .annotate(n=Sum("total"))
    )
    return {(cycle_id, level): n for cycle_id, level, n in rows}


def member_levels(cycles, user, organization=None):
    """{(cycle id, decided level): members} from the individual reviews' roll-up (``reviews.summaries``), one query.

    A few rows per cycle and root of the reader's reach instead of every individual review
    (950,000 in a national cycle) or one summary row per organization. The roll-up counts each
    review at its stored place, as ``scope`` reads it: a move since the cycle changes nothing.
    """
    return _grouped_levels(IndividualReviewRollup, cycles, user, organization)


def _distribution(cycles, counts, kind, link_for):
    """Per level label (best first, the union of the cycles' rule sets), the count in each cycle."""
    labels = []
    for cycle in cycles:
        for level in cycle.rules.levels(kind):
            if level.label not in labels:
                labels.append(level.label)
    rows = []
    for label in labels:
        cells = []
        for cycle in cycles:
            code = next((lvl.code for lvl in cycle.rules.levels(kind) if lvl.label == label), None)
            count = counts.get((cycle.pk, code), 0) if code else 0
            cells.append({"count": count, "link": link_for(cycle, code) if code else None})
        rows.append({"label": label, "cells": cells})
    return rows


def _totals(cycles, counts, kind):
    """Per cycle: reviewed, rated, in the good levels and their share."""
    totals = []
    for cycle in cycles:
        total = sum(n for (cycle_id, _level), n in counts.items() if cycle_id == cycle.pk)
        rated = total - counts.get((cycle.pk, ""), 0)
        good = sum(counts.get((cycle.pk, code), 0) for code in board.good_levels(cycle.rules, kind))
        totals.append(
            {
                "cycle": cycle,
                "total": total,
                "rated": rated,
                "good": good,
                "share": percent(good, total),
                "good_label": board.good_label(cycle.rules, kind),
            }
        )
    return totals


def ratings(cycles, user, organization=None):
    """Organization and member levels for ``cycles`` (oldest first), two queries in all (the roll-ups).

    Organization levels count grassroots organizations; the good share is those
    in the levels above the last two (``reviews.board.good_levels``) out of all
    grassroots organizations reviewed in the cycle.
    """
    cycles = sorted(cycles, key=lambda c: (c.year, c.number))
    organization_counts = _grouped_levels(CollectiveReviewRollup, cycles, user, organization)
    member_counts = member_levels(cycles, user, organization)

    def board_link(cycle, code):
        return url("reviews:cycle_board", cycle.pk, level=code)

    def member_link(cycle, code):
        return url("reports:individual_reviews", cycle=cycle.pk, level=code)

    organization_totals = _totals(cycles, organization_counts, ORGANIZATION)
    for row in organization_totals:
        row["link"] = url("reviews:cycle_board", row["cycle"].pk, level=board.GOOD)
    member_totals = _totals(cycles, member_counts, MEMBER)
    for row in member_totals:
        row["link"] = url("reports:individual_reviews", cycle=row["cycle"].pk, level=board.GOOD)
    return {
        "cycles": cycles,
        "organizations": _distribution(cycles, organization_counts, ORGANIZATION, board_link),
        "members": _distribution(cycles, member_counts, MEMBER, member_link),
        "organization_totals": organization_totals,
        "member_totals": member_totals,
    }


def not_reviewed(cycle, user, organization=None):
    """Members ``cycle`` does not review, counted by reason (one query on the roll-up), most frequent first."""
    rows = (
        NotReviewedRollup.objects.filter(rolled_up(user, [cycle], organization))
        .order_by()
        .values_list("reason")
        .annotate(n=Sum("total"))
        .order_by("-n", "reason")
    )
    return [
        {"reason": reason, "count": n, "link": url("reviews:not_reviewed", cycle.pk, reason=reason)}
        for reason, n in rows
    ]
