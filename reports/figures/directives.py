"""Directive figures: each target of a cycle's issued directives, with its explanation report and conclusion."""

from django.db.models import Count, Q

from core.workflow import SubmissionStatus
from directives.models import CONCLUDED, NO_REPORT, DirectiveStatus, DirectiveTarget, target_state_conditions
from organizations import lineage
from reports.figures.common import scoped, url

TARGETS_SHOWN = 50
__all__ = ["NO_REPORT", "annotated", "directed", "rows_of"]


def annotated(targets):
    """``targets`` with their explanation report's status and pk and their conclusion's state and text."""
    return targets.with_outcome()


def _targets(cycle, user, organization=None):
    queryset = DirectiveTarget.objects.filter(directive__cycle=cycle, directive__status=DirectiveStatus.ISSUED)
    return annotated(scoped(queryset, user, organization=organization))


def directed_then(target):
    """The organization the directive was aimed at, named as then: the one named, not a successor holding it since."""
    return target.origin_organization_then or target.organization_then


def rows_of(targets):
    """Plain rows for templates and the cycle report, each target named as on its cycle's reference date.

    A target handed to a successor since (a merger) is named by the organization the directive named.

    Two queries: the targets, then their organizations' former names (``organizations.lineage``).
    """
    labels = dict(SubmissionStatus.choices)
    targets = lineage.attach_names_then(
        targets.select_related("directive__cycle", "organization", "origin_organization"),
        lambda target: target.directive.cycle.reference_date,
        "organization",
        "origin_organization",
    )
    return [
        {
            "directive": str(target.directive),
            "directive_link": url("directives:detail", target.directive_id),
            "organization": directed_then(target).name_then,
            "organization_then": directed_then(target).as_dict(),
            "report": str(labels.get(target.report_status, "")) if target.report_status else "",
            "report_link": url("directives:report", target.report_pk) if target.report_pk else None,
            "concluded": target.concluded,
            "redo_required": target.redo_required,
            "conclusion": target.conclusion_text or "",
        }
        for target in targets
    ]


def _count_key(state):
    """The count's key of a target state: ``concluded``, ``report_none`` or ``report_<status>``."""
    return CONCLUDED if state == CONCLUDED else f"report_{state}"


def directed(cycle, user, organization=None, limit=TARGETS_SHOWN):
    """Counts of targets by report state and conclusion and the first ``limit`` targets.

    One query for a cycle without issued directives (every cycle from its opening until the Inspection
    Committee proposes some): whether it has any, a query Django builds in a tenth of the time of the counts
    by outcome, which are then all zero. Else two, and two more for the targets' rows when there are any.

    ``links`` holds, per count, the cycle overview filtered to exactly the targets counted.
    """
    states = target_state_conditions()
    counts = dict.fromkeys(["total", "redo", *(_count_key(state) for state in states)], 0)
    rows = []
    if DirectiveTarget.objects.filter(directive__cycle=cycle, directive__status=DirectiveStatus.ISSUED).exists():
        targets = _targets(cycle, user, organization)
        counts = targets.aggregate(
            total=Count("pk"),
            redo=Count("pk", filter=Q(redo_required=True)),
            **{_count_key(state): Count("pk", filter=condition) for state, condition in states.items()},
        )
        if counts["total"]:  # none in the reader's reach: no rows to read, not even the query
            ordered = targets.order_by("directive__issued_on", "directive_id", "organization__name", "pk")
            rows = rows_of(ordered[:limit] if limit else ordered)
    overview = ("directives:overview", cycle.pk)
    links = {_count_key(state): url(*overview, status=DirectiveStatus.ISSUED, state=state) for state in states}
    return {"counts": counts, "rows": rows, "link": url(*overview), "links": links}
