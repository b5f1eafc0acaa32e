"""The list of individual reviews of a cycle, by level: where the dashboard's member-rating numbers lead.

The reviews app has a board of collective reviews but no list of individual
reviews across organizations; this one lists them with the filters the
dashboard counts by (cycle, level, form, status, name), for the page and its
Excel export alike.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from core import planner_stats
from core.lists import search, trigram_words
from core.text import search_key
from members.models import Member
from organizations import lineage
from reports.figures.common import scoped
from reviews import board
from reviews.forms import MemberReviewFilterForm
from reviews.models import IndividualReview, ReviewCycle
from reviews.models.placement import cycle_date
from reviews.rules import MEMBER

NOT_RATED = "none"
# From this many members matching a search in the nation (the planner's estimate) a narrower reader's reviews are
# tested per row: reading about 1,000 × 1,000,000 / n of a province's reviews then costs less than hashing the n.
PER_ROW_MATCHES = 40_000
# A rare name among many candidates is tested per row when the reach holds fewer reviews than candidates / this.
CANDIDATES_PER_REVIEW = 4
# Under this share of the members (the estimates) the list finds the reviews in reach matching first and sorts
# them: "tran thi hoa" (0.2 % nationally); "nguyen van" in a province (10 %) fills a page soon walking.
FEW_MATCHES = 0.01


class IndividualReviewFilterForm(MemberReviewFilterForm):
    """The reviews of one cycle (the newest visible one unless chosen) in the user's reach."""

    cycle = forms.ModelChoiceField(label=_("Review cycle"), required=False, queryset=None, empty_label=None)
    # Checked against the chosen cycle's levels when filtering: the levels depend on that cycle's rules.
    level = forms.CharField(label=_("Rating"), required=False)
    form = forms.ChoiceField(
        label=_("Review form"), required=False, choices=[("", _("All")), ("2A", "2A"), ("2B", "2B"), ("2C", "2C")]
    )

    lookups = {**MemberReviewFilterForm.lookups, "cycle": "cycle", "form": "form"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = ReviewCycle.objects.visible_to(user).order_by("-year", "-number", "-pk")
        self.fields["cycle"].queryset = cycles
        self.fields["cycle"].initial = cycles.first  # the default, asked for only when no valid cycle is given
        self.user = user
        self._estimates = {}

    def filter_q(self, rows, query):
        return search(rows, query, column=self.fields["q"].column, per_row=self.searches_per_row(query, rows))

    def searches_per_row(self, query, rows=None):
        """Whether to test each review's member for ``query`` (``core.lists.search``) rather than join the matches.

        A reader of less than the whole tree searching for a name common in the nation: the join read every
        match in the nation for a province's few (93,909 members for "nguyen van"). A rarer name ("tran thi
        hoa") is better joined: testing per row then reads most of a province's reviews to fill the capped
        count (0.3–0.5 s). Decided by the planner's estimates (PostgreSQL) of the nation's matches and of the
        candidates the trigram index gives for the words it can narrow by: for "le van" every "van" (261,596)
        is rechecked for 22,189 matches, 170 ms for an invented province's 562 reviews, where reading its
        26,000 reviews per row takes 40 ms; Nam Định's 94,000 are read faster joined. A search with no word
        the index can use has every member to join.
        """
        if access.reaches_all(self.user):
            return False  # its reviews pass nearly every match
        narrowing = " ".join(trigram_words(query))
        candidates = self.nation_matches(narrowing or query)
        if candidates is None:
            return False
        if not narrowing or self.nation_matches(query) >= PER_ROW_MATCHES:
            return True
        if candidates < PER_ROW_MATCHES or rows is None:
            return False
        in_reach = planner_stats.estimated_rows(rows.filter(cycle=self.values["cycle"]))
        return in_reach * CANDIDATES_PER_REVIEW < candidates

    def sorts_matches(self):
        """Whether the list's page comes from the searched rows found first and sorted (``core.lists.sort``).

        For a name rare in the nation (``FEW_MATCHES``): walking the cycle's reviews in organization order, the
        planner tested 55,000 of them for the first 25 of "tran thi hoa" (1,599 members in the nation, 100 ms),
        and 60,000 for Nam Định's, expecting the matches spread evenly over the tree. In an order no index
        gives, it takes the cheaper way to every row in reach matching (the matches' reviews, or a ward's few
        reviews) and sorts them. A common name fills a page soon by the walk.
        """
        matches = self.nation_matches(self.values["q"])
        return matches is not None and matches < FEW_MATCHES * planner_stats.estimated_rows(Member.objects.all())

    def nation_matches(self, query):
        """The planner's estimate of the members matching ``query`` in the nation (None: none, or not PostgreSQL)."""
        key = " ".join(search_key(query).split())  # the words as searched: one plan for the same words
        if not key:
            return None
        if key not in self._estimates:
            self._estimates[key] = planner_stats.estimated_rows(search(Member.objects.all(), key))
        return self._estimates[key]

    def level_choices(self):
        cycle = self.values["cycle"]
        if cycle is None:
            return [("", _("Any rating"))]
        return [*board.level_choices(cycle.rules, MEMBER), (NOT_RATED, _("Not rated yet"))]

    def filter(self, queryset):
        if self.values["cycle"] is None:  # no cycle is visible: nothing to list
            return queryset.none()
        return super().filter(queryset)

    def filter_level(self, rows, level):
        rules = self.values["cycle"].rules
        if level == board.GOOD:
            return rows.filter(decided_level__in=board.good_levels(rules, MEMBER))
        if level == NOT_RATED:
            return rows.filter(decided_level="")
        if rules.is_level(MEMBER, level):
            return rows.filter(decided_level=level)
        return rows


def individual_reviews_for(user, params):
    """The individual reviews the list shows for ``params`` (every page), in organization order, named as then."""
    rows = IndividualReviewFilterForm(params, user=user).filter(scoped(IndividualReview.objects.all(), user))
    rows = rows.select_related("member", "organization", "cycle").order_by(
        "organization__path", "member__full_name", "pk"
    )
    return lineage.WithNamesThen(rows, cycle_date)
