"""The cycle board's rows and filters, shared by the board page, its Excel export and the dashboard.

The board lists a cycle's collective reviews; its GET parameters (``q``,
``filter``, ``step``, ``level``, ``scope``) are read here only, so the page, the
export and the dashboard's links always mean the same rows.

``STEPS`` splits a cycle's reviews into mutually exclusive steps, furthest
behind first: a review counts in the first step whose condition it meets.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.text import search_key
from core.workflow import SubmissionStatus
from organizations.models import GRASSROOTS_KINDS
from reviews.models import CollectiveReview, IndividualReview
from reviews.rules import ORGANIZATION

BOARD_FILTERS = {
    "not_submitted": Q(status__in=[SubmissionStatus.DRAFT]),
    "returned": Q(status=SubmissionStatus.RETURNED),
    "awaiting": Q(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED]),
    "accepted": Q(status=SubmissionStatus.ACCEPTED),
    "no_meeting": Q(meeting__isnull=True),
    "not_rated": Q(decided_level="", is_rated=True),
}

_RATED = ~Q(decided_level="")
_NOTHING_WRITTEN = Q(strengths="", weaknesses="", responsibility="", directions="")
_DRAFT_NO_MEETING = Q(status=SubmissionStatus.DRAFT, meeting__isnull=True) & ~_RATED

# (code, label, condition) in order; each condition excludes the later steps' reviews.
STEPS = (
    ("not_started", _("Not started"), _DRAFT_NO_MEETING & _NOTHING_WRITTEN),
    ("draft", _("Draft written"), _DRAFT_NO_MEETING & ~_NOTHING_WRITTEN),
    ("meeting_held", _("Meeting held"), Q(status=SubmissionStatus.DRAFT, meeting__isnull=False) & ~_RATED),
    ("submitted", _("Submitted"), Q(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED]) & ~_RATED),
    ("returned", _("Returned"), Q(status=SubmissionStatus.RETURNED) & ~_RATED),
    ("accepted", _("Accepted, not rated"), Q(status=SubmissionStatus.ACCEPTED) & ~_RATED),
    ("rated", _("Rated"), _RATED),
)
STEP_CONDITIONS = {code: condition for code, _label, condition in STEPS}
# The steps where a review is behind: the dashboard lists these organizations as laggards.
LAGGING_STEPS = ("not_started", "draft", "returned")

# The ``level`` parameter's value for "any of the good levels" (see ``good_levels``).
GOOD = "good"


def good_levels(rules, kind=ORGANIZATION):
    """The levels above the last two ("completed tasks" and the failing level), best first.

    Under HD 27 that is "trong sạch vững mạnh" (with its "tiêu biểu" award) and
    "hoàn thành tốt nhiệm vụ" — the article's 85% figure; under QĐ 132 and later
    "hoàn thành xuất sắc" and "hoàn thành tốt nhiệm vụ".
    """
    return [level.code for level in rules.levels(kind)[:-2]]


def level_condition(rules, level):
    """The condition on ``decided_level`` for a ``level`` parameter (a code, or ``GOOD``); None if unknown."""
    if level == GOOD:
        return Q(decided_level__in=good_levels(rules))
    if rules.is_level(ORGANIZATION, level):
        return Q(decided_level=level)
    return None


def board_rows(cycle, user):
    """The collective reviews of ``cycle`` the user reaches, with their members' review counts."""
    members = (
        IndividualReview.objects.filter(cycle=cycle, organization__path__startswith=OuterRef("organization__path"))
        .order_by()
        .values("cycle")
    )
    return access.scope(
        CollectiveReview.objects.filter(cycle=cycle).select_related("organization", "meeting"), user
    ).annotate(
        member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0),
        members_accepted=Coalesce(
            Subquery(
                members.filter(status=SubmissionStatus.ACCEPTED).annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )


def in_scope(rows, scope):
    """Grassroots organizations only unless ``scope`` is "all" (branches too)."""
    return rows if scope == "all" else rows.filter(organization__kind__in=GRASSROOTS_KINDS)


def apply_filters(rows, cycle, params):
    """``rows`` narrowed by the board's filters in ``params`` (unknown values are ignored, as on every list)."""
    active = params.get("filter", "")
    if active in BOARD_FILTERS:
        rows = rows.filter(BOARD_FILTERS[active])
    step = params.get("step", "")
    if step in STEP_CONDITIONS:
        rows = rows.filter(STEP_CONDITIONS[step])
    condition = level_condition(cycle.rules, params.get("level", ""))
    if condition is not None:
        rows = rows.filter(condition)
    for word in search_key(params.get("q", "")).split():
        rows = rows.filter(organization__search_text__contains=word)
    return rows


def filtered_rows(cycle, user, params):
    """The rows the board shows for ``params``: scope, then filters (unsorted)."""
    return apply_filters(in_scope(board_rows(cycle, user), params.get("scope", "grassroots")), cycle, params)


def filter_not_reviewed(rows, params):
    """The not-reviewed list narrowed by ``reason`` (exact text, as the dashboard counts it)."""
    reason = (params.get("reason") or "").strip()
    return rows.filter(reason=reason) if reason else rows
