"""The list of individual reviews of a cycle, by level: where the dashboard's member-rating numbers lead.

The reviews app has a board of collective reviews but no list of individual
reviews across organizations; this one lists them with the filters the
dashboard counts by (cycle, level, form, status, name), for the page and its
Excel export alike.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import search_key
from core.workflow import SubmissionStatus
from reports.figures.common import scoped
from reviews import board
from reviews.models import IndividualReview, ReviewCycle
from reviews.rules import MEMBER

NOT_RATED = "none"


class IndividualReviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    cycle = forms.ModelChoiceField(label=_("Review cycle"), required=False, queryset=None, empty_label=None)
    level = forms.CharField(label=_("Rating"), required=False)
    form = forms.ChoiceField(
        label=_("Review form"), required=False, choices=[("", _("All")), ("2A", "2A"), ("2B", "2B"), ("2C", "2C")]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *SubmissionStatus.choices])

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["cycle"].queryset = ReviewCycle.objects.visible_to(user).order_by("-year", "-number", "-pk")

    def selected_cycle(self):
        """The cycle asked for if valid, else the newest visible one (None when there is none)."""
        if self.is_valid() and self.cleaned_data["cycle"]:
            return self.cleaned_data["cycle"]
        return self.fields["cycle"].queryset.first()

    def level_choices(self, cycle):
        levels = cycle.rules.choices(MEMBER) if cycle else []
        return [("", _("Any rating")), (board.GOOD, _("The two top levels")), *levels, (NOT_RATED, _("Not rated yet"))]

    def filter(self, cycle):
        """The reviews of ``cycle`` in the user's reach, narrowed by the valid filters (unsorted)."""
        if cycle is None:
            return IndividualReview.objects.none()
        rows = scoped(IndividualReview.objects.filter(cycle=cycle), self.user)
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        level = data["level"].strip()
        if level == board.GOOD:
            rows = rows.filter(decided_level__in=board.good_levels(cycle.rules, MEMBER))
        elif level == NOT_RATED:
            rows = rows.filter(decided_level="")
        elif cycle.rules.is_level(MEMBER, level):
            rows = rows.filter(decided_level=level)
        if data["form"]:
            rows = rows.filter(form=data["form"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
        for word in search_key(data["q"] or "").split():
            rows = rows.filter(member__search_text__contains=word)
        return rows


def individual_reviews_for(user, params):
    """The individual reviews the list shows for ``params`` (every page), in organization order."""
    form = IndividualReviewFilterForm(params, user=user)
    rows = form.filter(form.selected_cycle())
    return rows.select_related("member", "organization", "cycle").order_by(
        "organization__path", "member__full_name", "pk"
    )
