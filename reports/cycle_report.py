"""The cycle report to the Executive Committee (báo cáo kết quả kiểm điểm): its figures, texts and versions.

``build_figures`` computes everything the report states for a cycle and a
scope (an organization's sub-tree, within the user's reach) as plain JSON
values, in the interface language, so that the same dict is shown live, frozen
into a ``CycleReportVersion`` when finalized, printed to PDF and written to
Excel. Reading a version never recomputes anything.

The members not reviewed are all in the figures and the Excel file. The page
and the PDFs name them one by one up to ``MEMBERS_PRINTED``; beyond that (a
city has over a thousand) they give their number by reason and by organization
directly under the scope, and say in a sentence that the Excel file names
every one (``not_reviewed_listed``). The remediation table does the same beyond
``ORGANIZATIONS_PRINTED`` grassroots organizations (a province has a thousand
with commitments: 40 of the PDF's 57 pages), summed by the organization directly
under the scope (``remediation_listed``); the Excel file keeps a row for each.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.workflow import EditConflict
from organizations import lineage
from organizations.models import Organization
from reports.figures import common, directives, remediation, reviews
from reports.models import CycleReport, CycleReportVersion
from reviews.models import NotReviewedMember
from reviews.rules import MEMBER, ORGANIZATION

MEMBERS_PRINTED = 100
ORGANIZATIONS_PRINTED = 100


def _levels(ratings, key, cycle, previous):
    """Rows of (label, count, share, previous count, previous share) and the totals, for one kind of level."""
    totals = {row["cycle"].pk: row for row in ratings[f"{key}_totals"]}
    current = totals[cycle.pk]
    before = totals.get(previous.pk) if previous else None
    index = {c.pk: i for i, c in enumerate(ratings["cycles"])}
    current_labels = {level.label for level in cycle.rules.levels(MEMBER if key == "member" else ORGANIZATION)}
    rows = []
    for row in ratings[f"{key}s"]:
        count = row["cells"][index[cycle.pk]]["count"]
        previous_count = row["cells"][index[previous.pk]]["count"] if previous else None
        if not count and not previous_count and row["label"] not in current_labels:
            # A level of the previous cycle's rule set only, used by neither cycle: nothing to report.
            continue
        rows.append(
            {
                "label": row["label"],
                "count": count,
                "share": common.percent(count, current["total"]),
                "previous_count": previous_count,
                "previous_share": common.percent(previous_count, before["total"]) if before else None,
            }
        )
    return {
        "rows": rows,
        "total": current["total"],
        "rated": current["rated"],
        "good": current["good"],
        "good_share": current["share"],
        "good_label": str(current["good_label"]),
        "previous_total": before["total"] if before else None,
        "previous_good": before["good"] if before else None,
        "previous_good_share": before["share"] if before else None,
    }


def _under_scope(counted, organization):
    """``counted`` ((path, [counts…]) pairs) summed by the organization directly under ``organization``.

    [(name, end date or None, pk, [sums…])] in the tree's order; rows of ``organization`` itself count under
    its own name. A review's path is its place in its cycle's tree (reviews.models.placement), which a move
    since may have left behind: the unit under ``organization`` is found by ``organization``'s id in the path,
    and named by its id.
    """
    own = f"{organization.pk:08d}"
    sums = {}
    for path, counts in counted:
        parts = path.split(".")[:-1]
        depth = parts.index(own) + 2 if own in parts else len(parts)
        key = ".".join(parts[:depth]) + "."
        total = sums.setdefault(key, [0] * len(counts))
        for index, count in enumerate(counts):
            total[index] += count
    ids = {int(key.split(".")[-2]) for key in sums}
    names = {
        pk: (name, ended)
        for pk, name, ended in Organization.objects.filter(pk__in=ids).values_list("pk", "name", "valid_to")
    }
    return [
        (*names.get(int(key.split(".")[-2]), (key, None)), int(key.split(".")[-2]), total)
        for key, total in sorted(sums.items())
    ]


def _by_organization(rows, organization):
    """[{organization, count}] of ``rows`` by the organization directly under ``organization`` they belong to."""
    counted = ((row.organization_path, [1]) for row in rows)
    return [
        {"organization": name, "organization_pk": pk, "organization_ended": bool(ended), "count": counts[0]}
        for name, ended, pk, counts in _under_scope(counted, organization)
    ]


def _not_reviewed(cycle, user, organization):
    rows = list(
        common.scoped(NotReviewedMember.objects.filter(cycle=cycle), user, organization=organization)
        .select_related("member", "organization")
        .order_by("organization__path", "member__full_name", "pk")
    )
    return {
        "total": len(rows),
        "by_reason": [
            {"reason": row["reason"], "count": row["count"]} for row in reviews.not_reviewed(cycle, user, organization)
        ],
        "by_organization": _by_organization(rows, organization),
        "members": [
            {
                "name": row.member.full_name,
                "organization": row.organization.name,
                "organization_pk": row.organization_id,
                "organization_ended": row.organization.valid_to is not None,
                "reason": row.reason,
            }
            for row in rows
        ],
    }


def not_reviewed_listed(figures):
    """Whether the page and the PDFs name every member not reviewed (else they count them by organization).

    A version finalized before the counts by organization were kept lists what it stored.
    """
    missing = figures["not_reviewed"]
    return "by_organization" not in missing or missing["total"] <= MEMBERS_PRINTED


def remediation_listed(figures):
    """Whether the page and the PDFs give every grassroots organization's remediation row (else summed by
    organization directly under the scope). A version finalized before the sums were kept lists what it stored."""
    remedy = figures["remediation"]
    return "by_organization" not in remedy or len(remedy["rows"]) <= ORGANIZATIONS_PRINTED


def remediation_rows(figures):
    """The remediation rows the page and the PDFs print: each grassroots organization's, or the sums."""
    remedy = figures["remediation"]
    return remedy["rows"] if remediation_listed(figures) else remedy["by_organization"]


def _remediation(cycle, user, organization):
    # Commitments from this cycle and the earlier ones: what was still to remedy when the cycle ran.
    figures = remediation.remediation(
        user, organization, limit=None, commitments=Commitment.objects.filter(cycle__year__lte=cycle.year)
    )
    places = {
        pk: (path, ended)
        for pk, path, ended in Organization.objects.filter(
            pk__in=[row["organization_pk"] for row in figures["rows"]]
        ).values_list("pk", "path", "valid_to")
    }
    rows = [
        {
            "organization": row["organization"],
            "organization_pk": row["organization_pk"],
            "organization_ended": places[row["organization_pk"]][1] is not None,
            "counts": [row[key] for key in remediation.STATE_KEYS],
        }
        for row in figures["rows"]
    ]
    counted = (
        (places[row["organization_pk"]][0], line["counts"]) for row, line in zip(figures["rows"], rows, strict=True)
    )
    return {
        "labels": [str(label) for label in figures["labels"]],
        "totals": [figures["totals"][key] for key in remediation.STATE_KEYS],
        "total": figures["totals"]["total"],
        "rows": rows,
        "by_organization": [
            {"organization": name, "organization_pk": pk, "organization_ended": bool(ended), "counts": counts}
            for name, ended, pk, counts in _under_scope(counted, organization)
        ],
    }


def build_figures(cycle, organization, user):
    """Everything the report states for ``cycle`` under ``organization``, as JSON values (a dozen queries)."""
    cycles = common.cycles_for(user)
    previous = next(iter(common.previous_cycles(cycles, cycle, count=1)), None)
    compared = [c for c in (previous, cycle) if c is not None]
    ratings = reviews.ratings(compared, user, organization)
    directed = directives.directed(cycle, user, organization, limit=None)
    not_reviewed = _not_reviewed(cycle, user, organization)
    remedy = _remediation(cycle, user, organization)
    scope = {
        "organization": organization.name,
        "organization_pk": organization.pk,
        "organization_ended": organization.valid_to is not None,
    }
    # A past cycle's report names the organizations as they were on its reference date (the day of the tree
    # its records keep), today's name beside a changed one: one query for every row named below (and one per
    # generation of mergers when an organization named has ended).
    lineage.name_rows_then(
        [
            scope,
            *not_reviewed["members"],
            *not_reviewed["by_organization"],
            *remedy["rows"],
            *remedy["by_organization"],
        ],
        cycle.reference_date,
    )
    return {
        "cycle": str(cycle),
        "year": cycle.year,
        "rule_set": str(cycle.rule_set),
        "previous": str(previous) if previous else None,
        "organization": scope["organization"],
        "organization_then": scope.get("organization_then"),
        "generated_on": date_format(timezone.localdate(), "d/m/Y"),
        "organization_levels": _levels(ratings, "organization", cycle, previous),
        "member_levels": _levels(ratings, "member", cycle, previous),
        "directed": [
            {
                key: row[key]
                for key in (
                    "directive",
                    "organization",
                    "organization_then",
                    "report",
                    "concluded",
                    "redo_required",
                    "conclusion",
                )
            }
            for row in directed["rows"]
        ],
        "remediation": remedy,
        "not_reviewed": not_reviewed,
    }


def working_copy(cycle, organization):
    """The saved texts of the report for this cycle and scope (unsaved and empty if none yet)."""
    return CycleReport.objects.filter(cycle=cycle, organization=organization).first() or CycleReport(
        cycle=cycle, organization=organization
    )


@transaction.atomic
def save_texts(cycle, organization, user, assessment, direction, revision):
    """Save the texts unless someone saved them since ``revision``, the one the editor started from.

    One conditional UPDATE, as ``core.workflow.save_sections``: of two editors
    of the same working copy the second gets ``EditConflict`` with what the
    first wrote, and nothing is saved.
    """
    report, _created = CycleReport.objects.get_or_create(cycle=cycle, organization=organization)
    texts = {"assessment": assessment, "direction": direction}
    updated = CycleReport.objects.filter(pk=report.pk, revision=revision).update(
        revision=F("revision") + 1, updated_by=user, updated_at=timezone.now(), **texts
    )
    if not updated:
        current = CycleReport.objects.get(pk=report.pk)
        theirs = {name: getattr(current, name) for name, text in texts.items() if getattr(current, name) != text}
        raise EditConflict(theirs, current.revision)
    report.refresh_from_db()
    return report


@transaction.atomic
def finalize(cycle, organization, user):
    """Freeze the figures as they are now and the saved texts into the next version number."""
    report, _created = CycleReport.objects.select_for_update().get_or_create(cycle=cycle, organization=organization)
    number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return CycleReportVersion.objects.create(
        report=report,
        number=number,
        figures=build_figures(cycle, organization, user),
        assessment=report.assessment,
        direction=report.direction,
        finalized_by=user,
    )


def title(figures):
    return _("Report on the results of the %(cycle)s review: %(organization)s") % {
        "cycle": figures["cycle"],
        "organization": figures["organization"],
    }
