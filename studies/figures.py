"""The numbers of resolution study, per plan and per organization, each with the list it counts.

Each function reads a fixed number of aggregate queries (conditional counts
grouped by one key), whatever the number of organizations or members, always
inside the user's reach (``accounts.access.scope``). Every number comes with
the URL of the list that shows exactly the rows it counts, through that list's
own filters: following a link lands on as many rows as the number said.
"""

from collections import Counter

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from accounts import access
from core.links import linker
from organizations.models import PATH_SEGMENT, Organization
from studies.forms import EssayFilterForm
from studies.models import Attendance, AttendanceStatus, Essay, EssayStatus, StudySession

LAGGARDS_SHOWN = 10


def percent(part, whole):
    """``part`` as a whole percentage of ``whole``, halves rounded up (as the reports round), None for 0."""
    return (200 * part + whole) // (2 * whole) if whole else None


def _grouped(queryset, key, **aggregates):
    """{key value: {aggregate: count}} in one GROUP BY query."""
    rows = queryset.order_by().annotate(group=key).values("group").annotate(**aggregates)
    return {row.pop("group"): row for row in rows}


def _scoped(model, user, via, plan_lookup, plans, under):
    queryset = model.objects.all() if user is None else access.scope(model.objects.all(), user, via=via)
    if plans is not None:
        queryset = queryset.filter(**{f"{plan_lookup}__in": plans})
    if under is not None:
        queryset = queryset.filter(**{f"{via}__path__startswith": under.path})
    return queryset


def counts(group, plans=None, under=None, user=None):
    """Sessions, attendance and essays grouped by ``group`` (three queries).

    ``group(via, plan_lookup)`` is the grouping expression, given the lookups from a
    row to its organization and to its plan; ``plans`` and ``under`` (an
    organization's sub-tree) narrow the rows, and so does ``user``'s reach. Without
    ``user`` the caller answers for the reach: ``under`` is an organization the
    viewer may see whole (a review's own organization).
    """
    today = timezone.localdate()
    sources = {
        "sessions": (StudySession, "organization", "plan", {"sessions": Count("pk")}),
        "attendance": (
            Attendance,
            "session__organization",
            "session__plan",
            {"recorded": Count("pk")} | {status: Count("pk", filter=Q(status=status)) for status in AttendanceStatus},
        ),
        "essays": (
            Essay,
            "organization",
            "plan",
            {
                "asked": Count("pk"),
                "owed": Count("pk", filter=Q(status=EssayStatus.OWED)),
                "overdue": Count("pk", filter=Q(status=EssayStatus.OWED, plan__essay_deadline__lt=today)),
                "received": Count("pk", filter=~Q(status=EssayStatus.OWED)),
            },
        ),
    }
    grouped = {}
    for name, (model, via, plan_lookup, aggregates) in sources.items():
        queryset = _scoped(model, user, via, plan_lookup, plans, under)
        grouped[name] = _grouped(queryset, group(via, plan_lookup), **aggregates)
    return grouped


def by_plan(via, plan_lookup):
    return F(plan_lookup)


def _links():
    """{list: its ``core.links.linker``}: the lists a row's numbers open, each reversed once for all the rows."""
    return {name: linker(f"studies:{name}") for name in ("sessions", "attendance", "essays")}


def _figures(grouped, key, links, **filters):
    """One row of figures, each ``{"count", "link"}``; ``filters`` select the same rows on the lists (``_links``)."""
    held = grouped["sessions"].get(key, {})
    present = grouped["attendance"].get(key, {})
    handed = grouped["essays"].get(key, {})

    def cell(count, name, **extra):
        return {"count": count, "link": links[name](**filters, **extra)}

    recorded = present.get("recorded", 0)
    figures = {
        "sessions": cell(held.get("sessions", 0), "sessions"),
        "recorded": cell(recorded, "attendance"),
        "attendance_rate": percent(present.get(AttendanceStatus.PRESENT, 0), recorded),
        "asked": cell(handed.get("asked", 0), "essays"),
        "owed": cell(handed.get("owed", 0), "essays", status=EssayStatus.OWED),
        "overdue": cell(handed.get("overdue", 0), "essays", overdue="on"),
        "received": cell(handed.get("received", 0), "essays", status=EssayFilterForm.RECEIVED),
    }
    for status in AttendanceStatus:
        figures[status.value] = cell(present.get(status.value, 0), "attendance", status=status.value)
    return figures


def plan_rows(plans, user=None, under=None):
    """Per plan of ``plans`` (a list): its figures in the user's reach, under ``under`` if given (three queries)."""
    grouped = counts(by_plan, plans=[plan.pk for plan in plans], under=under, user=user)
    place = {"organization": under.pk} if under is not None else {}
    links = _links()
    return [{"plan": plan, **_figures(grouped, plan.pk, links, plan=plan.pk, **place)} for plan in plans]


def organization_rows(plan, user):
    """Per organization right under the plan's, in the user's reach: its sub-tree's figures (four queries).

    Returns ``(rows, total, laggards)``; the total is the plan's whole figures in
    the user's reach (sessions held by the plan's own organization count there only).
    """
    root = plan.applies_to
    children = list(
        access.scope(Organization.objects.filter(parent=root), user, via="")
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=plan.starts_on))
        .order_by("name", "pk")
    )
    length = len(root.path) + PATH_SEGMENT

    def by_child(via, plan_lookup):
        return Substr(f"{via}__path", 1, length)

    # All the plan's rows in reach, not only those under its organization: a child's group is the same, and the
    # groups add up to the plan's total, which counts a row whose organization has moved out of the tree since
    # (as the lists the total links to do). Three queries instead of six.
    grouped = counts(by_child, plans=[plan.pk], user=user)
    links = _links()
    rows = [
        {"organization": child, **_figures(grouped, child.path, links, plan=plan.pk, organization=child.pk)}
        for child in children
    ]
    total = {"plan": plan, **_figures(_added_up(grouped, plan.pk), plan.pk, links, plan=plan.pk)}
    return rows, total, laggards(rows, plan)


def _added_up(grouped, key):
    """``grouped`` with each source's groups added up into one, under ``key`` (every figure is a count)."""
    summed = {}
    for name, groups in grouped.items():
        total = Counter()
        for figures in groups.values():
            total.update(figures)
        summed[name] = {key: total}
    return summed


def laggards(rows, plan, limit=LAGGARDS_SHOWN):
    """The organizations furthest behind: no session held since the plan started, then the most essays overdue."""
    started = plan.starts_on <= timezone.localdate()
    behind = [row for row in rows if (started and not row["sessions"]["count"]) or row["overdue"]["count"]]
    behind.sort(key=lambda row: (bool(row["sessions"]["count"]), -row["overdue"]["count"], row["organization"].name))
    return behind[:limit]
