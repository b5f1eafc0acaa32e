"""The cycle board's rows and filters, shared by the board page, its Excel export and the dashboard.

The board lists a cycle's collective reviews; its GET parameters (``q``,
``step``, ``level``, ``scope``) are read by ``CycleBoardFilterForm``
only, so the page, the export and the dashboard's links always mean the same rows.

``STEPS`` splits a cycle's reviews into mutually exclusive steps, furthest
behind first: a review counts in the first step whose condition it meets, so
the step counts (``step_counts``, the board's tiles and the dashboard's chart)
add up to the total and each one is the number of rows its link shows.
"""

from django import forms
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from accounts import access
from core import lists
from core.filters import FilterForm, SearchField
from core.workflow import SubmissionStatus
from organizations import lineage
from organizations.models import GRASSROOTS_KINDS
from reviews.models import CollectiveReview, CollectiveReviewRollup, IndividualReviewRollup
from reviews.rules import ORGANIZATION

_RATED = ~Q(decided_level="")
_NOTHING_WRITTEN = Q(strengths="", weaknesses="", responsibility="", directions="")
_DRAFT_NO_MEETING = Q(status=SubmissionStatus.DRAFT, meeting__isnull=True) & ~_RATED
_DRAFT_MET = Q(status=SubmissionStatus.DRAFT, meeting__isnull=False) & ~_RATED

# (code, label, condition) in order; each condition excludes the later steps' reviews.
STEPS = (
    ("not_started", _("Not started"), _DRAFT_NO_MEETING & _NOTHING_WRITTEN),
    ("draft", _("Draft written"), _DRAFT_NO_MEETING & ~_NOTHING_WRITTEN),
    ("meeting_held", _("Meeting held, not submitted"), _DRAFT_MET),
    ("submitted", _("Submitted"), Q(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED]) & ~_RATED),
    ("returned", _("Returned"), Q(status=SubmissionStatus.RETURNED) & ~_RATED),
    ("accepted", _("Accepted, not rated"), Q(status=SubmissionStatus.ACCEPTED) & ~_RATED),
    ("rated", _("Rated"), _RATED),
)
STEP_CONDITIONS = {code: condition for code, _label, condition in STEPS}
# The steps where a review is behind: the dashboard lists these organizations as laggards.
LAGGING_STEPS = ("not_started", "draft", "returned")
# What every lagging step's condition implies, stated on its own so that PostgreSQL reads only a cycle's drafts
# and returned reviews through the (cycle, status) index: the OR of the steps' conditions reads the whole cycle.
LAGGING = Q(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]) & ~_RATED

# The ``level`` parameter's value for "any of the good levels" (see ``good_levels``).
GOOD = "good"


def step_counts(rows):
    """``{"total": n, code: n for each step}`` of ``rows`` in one query; the steps add up to the total."""
    return rows.aggregate(total=Count("pk"), **{code: Count("pk", filter=condition) for code, _l, condition in STEPS})


def grassroots_step_counts(cycle, user):
    """``step_counts`` of the grassroots organizations' reviews of ``cycle`` that ``user`` reaches, from the roll-up.

    A few rows per root of the reach (``reviews.summaries.COLLECTIVE_REVIEW_ROLLUP``, kept by triggers in
    the same transaction as each change) instead of every review of the cycle read whole for the steps'
    conditions on its texts: 6–8 ms at the top of a province.
    """
    rows = (
        CollectiveReviewRollup.objects.filter(access.rolled_up(user, [cycle]))
        .order_by()
        .values_list("step")
        .annotate(n=Sum("total"))
    )
    by_step = dict(rows)
    return {"total": sum(by_step.values()), **{code: by_step.get(code, 0) for code in STEP_CONDITIONS}}


def good_levels(rules, kind=ORGANIZATION):
    """The levels above the last two ("completed tasks" and the failing level), best first.

    Under HD 27 that is "trong sạch vững mạnh" (with its "tiêu biểu" award) and
    "hoàn thành tốt nhiệm vụ" — the article's 85% figure; under QĐ 132 and later
    "hoàn thành xuất sắc" and "hoàn thành tốt nhiệm vụ".
    """
    return [level.code for level in rules.levels(kind)[:-2]]


def good_label(rules, kind=ORGANIZATION):
    """The good levels named by the rule set: "<the lowest good level> or better".

    A count ("the two top levels") would be wrong under HD 27, where "trong sạch vững
    mạnh" carries a "tiêu biểu" award as a level of its own: three levels of five.
    """
    lowest = rules.levels(kind)[:-2][-1]
    return _("%(level)s or better") % {"level": lowest.label}


def level_choices(rules, kind=ORGANIZATION):
    """The ``level`` parameter's values: any, the good levels together (``GOOD``), each level."""
    return [("", _("Any rating")), (GOOD, good_label(rules, kind)), *rules.choices(kind)]


SORTS = {"name": "organization__name", "status": "status", "level": "decided_level"}


def board_rows(cycle, user):
    """The collective reviews of ``cycle`` the user reaches (their members' counts and names then: ``decorate``)."""
    rows = CollectiveReview.objects.filter(cycle=cycle).select_related("organization", "meeting")
    return access.scope(rows, user)


def sort(cycle, rows, requested):
    """``rows`` in the order ``requested`` (``SORTS``, by name by default) and the sort applied.

    A cycle before a renaming or a move sorts by the names on its date, the names the board shows
    (an SQL alias, selected by nothing: 2 ms more on the province's 5,657 rows, docs/performance.md).
    """
    if not cycle.changed_since:
        return lists.sort(rows, requested, SORTS, "name")
    rows = rows.alias(name_then=lineage.name_on_sql(cycle.reference_date))
    return lists.sort(rows, requested, SORTS | {"name": "name_then"}, "name")


def decorate(cycle, reviews):
    """A page or batch of board rows as a list, with their member counts and names then (two queries).

    The names are those of the cycle's reference date, the day whose tree the cycle's records keep
    (``reviews.models.placement``): a 2017 board names the wards of 2017, today's names beside them.
    """
    return lineage.attach_names_then(add_member_counts(cycle, reviews), cycle.reference_date)


# Reviews whose sub-tree counts are asked in one query.
COUNT_BATCH = 100


def add_member_counts(cycle, reviews):
    """``reviews`` as a list, each with ``member_count`` and ``members_accepted`` set (a query per 100).

    The counts cover the members' reviews of ``cycle`` in the review's organization and its whole
    sub-tree, read from the individual reviews' roll-up (``IndividualReviewRollup``): a few rows per
    review at its organization and depth, whatever the size of the sub-tree. Grouping the sub-trees'
    reviews themselves cost 20–60 ms a page on the city's SQLite and depended on fresh statistics.
    """
    reviews = list(reviews)
    for start in range(0, len(reviews), COUNT_BATCH):
        batch = reviews[start : start + COUNT_BATCH]
        counts = IndividualReviewRollup.counts_under(cycle, {review.organization_path for review in batch})
        for review in batch:
            review.member_count, review.members_accepted = counts[review.organization_path]
    return reviews


class WithMemberCounts:
    """Board rows for an export: counted like the queryset, iterated with their member counts and names in batches."""

    def __init__(self, queryset, cycle):
        self.queryset, self.cycle = queryset, cycle

    def count(self):
        return self.queryset.count()

    def iterator(self, chunk_size=COUNT_BATCH):
        batch = []
        for review in self.queryset.iterator(chunk_size=max(chunk_size, COUNT_BATCH)):
            batch.append(review)
            if len(batch) == COUNT_BATCH:
                yield from decorate(self.cycle, batch)
                batch = []
        yield from decorate(self.cycle, batch)

    def __iter__(self):
        return self.iterator()


def _choices(empty_label, conditions):
    """Form choices from (code, label, condition) triples, after a choice of none."""
    return [("", empty_label), *[(code, label) for code, label, _condition in conditions]]


class CycleBoardFilterForm(FilterForm):
    """The board's filters. ``cycle`` (the board's, from its URL or the export's parameters) gives the levels."""

    SCOPES = [("grassroots", _("Grassroots organizations")), ("all", _("With branches"))]

    q = SearchField(through="organization")
    step = forms.ChoiceField(label=_("Step"), required=False, choices=_choices(_("Any step"), STEPS))
    level = forms.ChoiceField(label=_("Rating"), required=False)
    scope = forms.ChoiceField(label=_("Organizations shown"), required=False, choices=SCOPES, initial="grassroots")

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["level"].choices = level_choices(cycle.rules)

    def in_scope(self, rows):
        """``rows`` narrowed by the scope alone: the board's counts cover the scope whatever the other filters."""
        return self.filter_scope(rows, self.values["scope"])

    def scope_counts(self, rows, user):
        """``step_counts`` of the scope: the grassroots organizations' from their roll-up, with branches counted."""
        if self.values["scope"] == "all":
            return step_counts(self.in_scope(rows))
        return grassroots_step_counts(self.cycle, user)

    def filter_scope(self, rows, scope):
        """Grassroots organizations only unless the scope is "all" (branches too)."""
        return rows if scope == "all" else rows.filter(organization__kind__in=GRASSROOTS_KINDS)

    def filter_step(self, rows, step):
        return rows.filter(STEP_CONDITIONS[step])

    def filter_level(self, rows, level):
        if level == GOOD:
            return rows.filter(decided_level__in=good_levels(self.cycle.rules))
        return rows.filter(decided_level=level)
