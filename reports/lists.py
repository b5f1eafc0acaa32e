"""The list of individual reviews of a cycle, by level: where the dashboard's member-rating numbers lead.

The reviews app has a board of collective reviews but no list of individual
reviews across organizations; this one lists them with the filters the
dashboard counts by (cycle, level, form, status, name), for the page and its
Excel export alike.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from organizations import lineage
from reports.figures.common import scoped
from reviews import board
from reviews.forms import MemberReviewFilterForm
from reviews.models import IndividualReview, ReviewCycle
from reviews.models.placement import cycle_date
from reviews.rules import MEMBER

NOT_RATED = "none"


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
        # A narrower reach's reviews are tested one by one (``core.lists.search``): a common name's matches are
        # spread over the nation. A reader of the whole tree keeps the join: its reviews pass nearly all.
        if self.data.get("q"):  # asked only for a search
            self.fields["q"].per_row = not access.reaches_all(user)

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
