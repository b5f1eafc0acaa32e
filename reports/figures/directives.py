"""Directive figures: each target of a cycle's issued directives, with its explanation report and conclusion."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from core.workflow import SubmissionStatus
from directives.models import Conclusion, DirectiveStatus, DirectiveTarget, ExplanationReport
from reports.figures.common import scoped, url

TARGETS_SHOWN = 50
NO_REPORT = "none"


def annotated(targets):
    """``targets`` with their explanation report's status and pk and their conclusion's state and text."""
    reports = ExplanationReport.objects.filter(
        directive=OuterRef("directive"), organization=OuterRef("organization")
    ).order_by()
    conclusions = Conclusion.objects.filter(directive=OuterRef("directive"), organization=OuterRef("organization"))
    return targets.annotate(
        report_status=Subquery(reports.values("status")[:1]),
        report_pk=Subquery(reports.values("pk")[:1]),
        concluded=Exists(conclusions),
        redo_required=Exists(conclusions.filter(redo_required=True)),
        conclusion_text=Subquery(conclusions.values("text")[:1]),
    )


def _targets(cycle, user, organization=None):
    queryset = DirectiveTarget.objects.filter(directive__cycle=cycle, directive__status=DirectiveStatus.ISSUED)
    return annotated(scoped(queryset, user, organization=organization))


def rows_of(targets):
    """Plain rows for templates and the cycle report."""
    labels = dict(SubmissionStatus.choices)
    return [
        {
            "directive": str(target.directive),
            "directive_link": url("directives:detail", target.directive_id),
            "organization": target.organization.name,
            "report": str(labels.get(target.report_status, "")) if target.report_status else "",
            "report_link": url("directives:report", target.report_pk) if target.report_pk else None,
            "concluded": target.concluded,
            "redo_required": target.redo_required,
            "conclusion": target.conclusion_text or "",
        }
        for target in targets.select_related("directive", "organization")
    ]


def directed(cycle, user, organization=None, limit=TARGETS_SHOWN):
    """Counts of targets by report state and conclusion (one query) and the first ``limit`` targets (one query)."""
    targets = _targets(cycle, user, organization)
    states = {NO_REPORT: Q(report_status__isnull=True)}
    states |= {status: Q(report_status=status) for status in SubmissionStatus.values}
    counts = targets.aggregate(
        total=Count("pk"),
        # Through the text: Django drops an Exists annotation used only in an aggregate filter (5.2).
        concluded=Count("pk", filter=Q(conclusion_text__isnull=False)),
        redo=Count("pk", filter=Q(redo_required=True)),
        **{f"report_{key}": Count("pk", filter=condition) for key, condition in states.items()},
    )
    ordered = targets.order_by("directive__issued_on", "directive_id", "organization__name", "pk")
    rows = rows_of(ordered[:limit] if limit else ordered)
    return {"counts": counts, "rows": rows, "link": url("directives:overview", cycle.pk)}
