"""The dashboard's numbers: each chart is one aggregate query of conditional counts.

The number of queries does not depend on the number of organizations or
members: one query for the organizations (by sector and by kind), one for the
members (by status and by review form), both limited to the user's reach.
Every number links to the list it counts.
"""

from types import SimpleNamespace

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.charts import BarChart, Series
from core.links import list_url
from core.workflow import SubmissionStatus
from members.models import MemberRollup, MemberStatus, ReviewForm, review_form
from organizations.forms import TIER_KINDS
from organizations.models import OrganizationKind, OrganizationRollup, Sector
from reports.figures import common, directives, remediation, reviews, studies


def organization_counts(user, day):
    """Active organizations the user reaches, counted by sector and by kind (one query).

    Summed from the organizations' roll-up (``organizations.summaries``): a few rows for each root
    of the reach, filtered by the dates as ``active_on`` filters the organizations, grouped by
    (sector, kind) and added up here: a conditional sum per sector, kind and tier cost Django four
    times the query's own time to build (2.5 ms against 0.6 ms at the top of a province).
    """
    rows = (
        OrganizationRollup.objects.filter(access.rolled_up(user), valid_from__lte=day, ends_on__gt=day)
        .order_by()
        .values_list("sector", "kind")
        .annotate(n=Sum("total"))
    )
    counts = dict.fromkeys([f"sector_{value}" for value in Sector.values], 0)
    counts |= dict.fromkeys([f"kind_{value}" for value in OrganizationKind.values], 0)
    counts |= dict.fromkeys([f"tier_{tier}" for tier in TIER_KINDS], 0)
    counts["total"] = 0
    for sector, kind, total in rows:
        for key in (f"sector_{sector}", f"kind_{kind}"):
            if key in counts:  # a value no longer offered is counted in the total only, as a filter would
                counts[key] += total
        for tier, kinds in TIER_KINDS.items():
            if kind in kinds:
                counts[f"tier_{tier}"] += total
        counts["total"] += total
    return counts


def member_counts(user):
    """Members the user reaches, counted by status and by review form (one query).

    Summed from the members' roll-up (``members.summaries``: a few rows for each root
    of the reach, kept by triggers) rather than counted over every member or summed over
    a count per organization; grouped by status and the two flags the review form is derived
    from, and added up here with ``members.models.review_form``, the rule the filters' conditions
    state in SQL (a conditional sum each took Django longer to build than the query took).
    """
    rows = (
        MemberRollup.objects.filter(access.rolled_up(user))
        .order_by()
        .values_list("status", "is_leader", "works_in_political_system")
        .annotate(n=Sum("total"))
    )
    counts = dict.fromkeys([f"status_{value}" for value in MemberStatus.values], 0)
    counts |= dict.fromkeys([f"form_{form}" for form in ReviewForm.values], 0)
    counts["total"] = 0
    for status, is_leader, works_in_political_system, total in rows:
        if f"status_{status}" in counts:
            counts[f"status_{status}"] += total
        flags = SimpleNamespace(is_leader=is_leader, works_in_political_system=works_in_political_system)
        counts[f"form_{review_form(flags)}"] += total
        counts["total"] += total
    return counts


def _organization_link(**params):
    # The counts are of organizations active today: the list's "active" state (its default, said explicitly).
    return list_url("organizations:list", state="active", **params)


def _member_link(**params):
    return list_url("members:list", **params)


def cycle_context(user, requested_cycle):
    """The cycle figures: progress, laggards, ratings against the previous cycles, directives, not reviewed."""
    cycles = common.cycles_for(user)
    cycle = common.select_cycle(cycles, requested_cycle, user)
    if cycle is None:
        return {"cycles": cycles, "cycle": None, "cycle_charts": []}
    compared = [cycle, *common.previous_cycles(cycles, cycle)]
    progress = reviews.progress(cycle, user)
    ratings = reviews.ratings(compared, user)
    directed = directives.directed(cycle, user)
    not_reviewed = reviews.not_reviewed(cycle, user)
    selected_totals = next(row for row in ratings["organization_totals"] if row["cycle"] == cycle)
    return {
        "cycles": cycles,
        "cycle": cycle,
        "progress": progress,
        "laggards": reviews.laggards(cycle, user),
        "ratings": ratings,
        "good": selected_totals,
        "directed": directed,
        "not_reviewed": not_reviewed,
        "progress_chart": BarChart.single(
            _("Grassroots organizations by step"),
            [(str(label), count, link) for _code, label, count, link in progress["steps"]],
            name=_("Organizations"),
            slug="cycle-progress",
        ),
        "rating_charts": [
            _rating_chart(
                _("Organization ratings"), ratings["organizations"], ratings["cycles"], "organization-ratings"
            ),
            _rating_chart(_("Party member ratings"), ratings["members"], ratings["cycles"], "member-ratings"),
        ],
        "directive_chart": _directive_chart(directed),
        "not_reviewed_chart": BarChart.single(
            _("Members not reviewed, by reason"),
            [(row["reason"], row["count"], row["link"]) for row in not_reviewed],
            name=_("Party members"),
            slug="not-reviewed",
        ),
    }


def _rating_chart(title, rows, cycles, slug):
    """Levels down the side, one bar per cycle: this cycle side by side with the previous ones."""
    series = [
        Series(str(cycle), [row["cells"][i]["count"] for row in rows], [row["cells"][i]["link"] for row in rows])
        for i, cycle in enumerate(cycles)
    ]
    return BarChart(title=title, categories=[row["label"] for row in rows], series=series, slug=slug)


def _directive_chart(directed):
    counts, links = directed["counts"], directed["links"]
    keys = [(_("No explanation report yet"), f"report_{directives.NO_REPORT}")]
    keys += [(label, f"report_{value}") for value, label in SubmissionStatus.choices]
    keys.append((_("Concluded"), "concluded"))
    items = [(label, counts[key], links[key]) for label, key in keys]
    return BarChart.single(_("Directive targets: explanation reports"), items, name=_("Targets"), slug="directives")


def remediation_chart(figures):
    return BarChart.single(
        _("Remediation commitments by state"),
        [
            (label, cell["count"], cell["link"])
            for label, cell in zip(figures["labels"], figures["total_cells"], strict=True)
        ],
        name=_("Commitments"),
        slug="remediation",
    )


def build(user, params=None):
    """The dashboard's context: totals and charts, each number with its link."""
    params = params or {}
    today = timezone.localdate()
    organizations = organization_counts(user, today)
    members = member_counts(user)
    charts = [
        BarChart.single(
            _("Organizations by sector"),
            [(s.label, organizations[f"sector_{s.value}"], _organization_link(sector=s.value)) for s in Sector],
            name=_("Organizations"),
            slug="organizations-by-sector",
        ),
        BarChart.single(
            _("Organizations by kind"),
            [(k.label, organizations[f"kind_{k.value}"], _organization_link(kind=k.value)) for k in OrganizationKind],
            name=_("Organizations"),
            slug="organizations-by-kind",
        ),
        BarChart.single(
            _("Party members by status"),
            [(s.label, members[f"status_{s.value}"], _member_link(status=s.value)) for s in MemberStatus],
            name=_("Party members"),
            slug="members-by-status",
        ),
        BarChart.single(
            _("Party members by review form"),
            [(f.label, members[f"form_{f.value}"], _member_link(review_form=f.value)) for f in ReviewForm],
            name=_("Party members"),
            slug="members-by-review-form",
        ),
    ]
    commitments = remediation.remediation(user, today=today)
    cycles = cycle_context(user, params.get("cycle"))
    return {
        **cycles,
        "studies": studies.year_figures(user, cycles["cycle"].year if cycles["cycle"] else today.year),
        "remediation": commitments,
        "remediation_chart": remediation_chart(commitments),
        "today": today,
        "organization_total": organizations["total"],
        "grassroots_total": organizations["tier_grassroots"],
        "grassroots_link": _organization_link(tier="grassroots"),
        "branch_total": organizations["tier_branches"],
        "branches_link": _organization_link(tier="branches"),
        "member_total": members["total"],
        "organizations_link": _organization_link(),
        "members_link": _member_link(),
        "charts": charts,
    }
