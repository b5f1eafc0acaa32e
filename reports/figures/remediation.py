"""Remediation figures: commitments by state, per grassroots organization, worst first.

Commitments are grouped by their owner's path in one query and rolled up to
the grassroots organization above each owner (grassroots organizations never
nest), so a branch's commitments count under its ward. One more query loads
the grassroots organizations in reach.
"""

import heapq
from operator import add

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ACTIVE_STATUSES, Commitment, CommitmentStatus
from core.links import linker
from organizations.models import Organization
from reports.figures.common import scoped, url

# (key, label, condition, list filters) — the list filters reproduce the count on the commitments list.
STATES = (
    ("open", _("Open"), Q(status=CommitmentStatus.OPEN), {"status": CommitmentStatus.OPEN}),
    ("in_progress", _("In progress"), Q(status=CommitmentStatus.IN_PROGRESS), {"status": CommitmentStatus.IN_PROGRESS}),
    ("overdue", _("Overdue"), None, {"overdue": "on"}),
    (
        "reported_completed",
        _("Completed, waiting for verification"),
        Q(status=CommitmentStatus.REPORTED_COMPLETED),
        {"status": CommitmentStatus.REPORTED_COMPLETED},
    ),
    ("verified", _("Verified"), Q(status=CommitmentStatus.VERIFIED), {"status": CommitmentStatus.VERIFIED}),
    ("reopened", _("Reopened"), Q(status=CommitmentStatus.REOPENED), {"status": CommitmentStatus.REOPENED}),
    ("extended", _("Extended"), Q(extension_count__gt=0), {"extended": "on"}),
)
STATE_KEYS = [key for key, *_rest in STATES]
ROWS_SHOWN = 10
# An organization's report lists more of its worst organizations, still a bounded number: at the top of a
# province a thousand organizations have commitments, and the list's link shows them all.
REPORT_ROWS_SHOWN = 20


def _conditions(today):
    overdue = Q(deadline__lt=today, status__in=ACTIVE_STATUSES)
    return {key: (condition if condition is not None else overdue) for key, _label, condition, _f in STATES}


def _severity(row):
    # Worst first: most overdue, then most reopened, then most still open.
    return (-row["overdue"], -row["reopened"], -(row["open"] + row["in_progress"]), row["organization"])


def _total_cells(totals):
    return [
        {"key": key, "count": totals[key], "link": url("commitments:list", **filters)}
        for key, _label, _c, filters in STATES
    ]


def total_cells(user, today=None):
    """{state key: {"count", "link"}} of the commitments in the user's reach, one aggregate query.

    The home page's figures: the totals alone, without ``remediation``'s grouping by organization (a
    thousand groups and the grassroots organizations at the top of a province).
    """
    queryset = scoped(Commitment.objects.all(), user)
    totals = queryset.aggregate(
        **{key: Count("pk", filter=c) for key, c in _conditions(today or timezone.localdate()).items()}
    )
    return {cell["key"]: cell for cell in _total_cells(totals)}


def _at_or_above(path, grassroots):
    """The path among ``grassroots`` that is ``path`` or its nearest ancestor's, else None (they never nest)."""
    end = len(path)
    while end > 0:
        if path[:end] in grassroots:
            return path[:end]
        end = path.rfind(".", 0, end - 1) + 1  # the parent's path: up to the dot before the last segment
    return None


def remediation(user, organization=None, today=None, limit=ROWS_SHOWN, commitments=None):
    """Totals per state and the ``limit`` worst grassroots organizations (None: all with commitments)."""
    today = today or timezone.localdate()
    conditions = _conditions(today)
    queryset = commitments if commitments is not None else Commitment.objects.all()
    grouped = (
        scoped(queryset, user, organization=organization)
        .order_by()
        .values_list("organization__path")
        .annotate(total=Count("pk"), **{key: Count("pk", filter=c) for key, c in conditions.items()})
    )
    grassroots = {
        path: (pk, name)
        for pk, path, name in scoped(Organization.objects.grassroots(), user, via="", organization=None).values_list(
            "pk", "path", "name"
        )
    }
    keys = ["total", *STATE_KEYS]  # the order of the counts in each grouped row
    grouped = list(grouped)
    # Column by column: one sum each instead of a list added up per row (a province has a thousand rows).
    columns = list(zip(*(counts for _path, *counts in grouped), strict=True)) or [()] * len(keys)
    totals = dict(zip(keys, map(sum, columns), strict=True))
    by_grassroots = {}  # path of a grassroots organization: its counts (a province has a thousand)
    for path, *counts in grouped:
        owner = _at_or_above(path, grassroots)
        if owner is None:
            continue  # a commitment of a committee above the grassroots level
        summed = by_grassroots.get(owner)
        by_grassroots[owner] = counts if summed is None else list(map(add, summed, counts))
    rows = []
    for path, counts in by_grassroots.items():
        pk, name = grassroots[path]
        rows.append({"organization": name, "organization_pk": pk, **dict(zip(keys, counts, strict=True))})
    # The worst ``limit`` without sorting the thousand others (``nsmallest`` is ``sorted(...)[:limit]``).
    shown = sorted(rows, key=_severity) if limit is None else heapq.nsmallest(limit, rows, key=_severity)
    link = linker("commitments:list")
    for row in shown:  # links for the rows shown only: a province has a thousand organizations with commitments
        pk = row["organization_pk"]
        row["cells"] = [
            {"key": key, "count": row[key], "link": link(organization=pk, **filters)}
            for key, _label, _c, filters in STATES
        ]
        row["link"] = link(organization=pk)
    return {
        "labels": [label for _key, label, *_rest in STATES],
        "totals": totals,
        "total_cells": _total_cells(totals),
        "rows": shown,
        "organizations": len(rows),
        "link": url("commitments:list", organization=organization.pk if organization else None),
    }
