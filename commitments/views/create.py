"""Creating commitments from a conclusion: one screen listing its shortcomings, one row per measure."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from commitments import services
from commitments.forms import CommitmentRowFormSet
from commitments.models import SourceKind
from core.views import perform, saved_message
from directives.models import Conclusion
from reviews.models import CollectiveReview, IndividualReview

SOURCES = {
    SourceKind.COLLECTIVE_REVIEW: CollectiveReview.objects.select_related("organization", "cycle"),
    SourceKind.INDIVIDUAL_REVIEW: IndividualReview.objects.select_related("organization", "cycle", "member"),
    SourceKind.DIRECTIVE_CONCLUSION: Conclusion.objects.select_related("organization", "directive__cycle"),
}


def shortcomings_of(source_kind, source):
    """The shortcomings ``source`` concludes, in its order.

    A collective review: the lines of section II. An individual review: the
    weaknesses of the reviewing level's conclusion. A directive conclusion: its
    concluded shortcomings.
    """
    if source_kind == SourceKind.COLLECTIVE_REVIEW:
        return source.weakness_items()
    if source_kind == SourceKind.INDIVIDUAL_REVIEW:
        return source.concluded_weakness_items()
    return [shortcoming.text for shortcoming in source.shortcomings.all()]


def measures_of(source_kind, source):
    """The remediation measures ``source`` proposes (shown beside the rows as a reminder)."""
    if source_kind == SourceKind.COLLECTIVE_REVIEW:
        return source.direction_items()
    if source_kind == SourceKind.INDIVIDUAL_REVIEW:
        return source.concluded_measure_items()
    return []


def _rows(formset):
    """The rows the user filled in; untouched ones are skipped."""
    return [form.cleaned_data for form in formset if form.has_changed() and form.cleaned_data]


@login_required
def create_from_source(request, source_kind, pk):
    if source_kind not in SOURCES:
        raise Http404
    source = access.get_or_404(SOURCES[source_kind], request.user, pk=pk)
    access.require(request.user, "commitment.create", source.organization)
    shortcomings = shortcomings_of(source_kind, source)
    initial = [{"shortcoming": text} for text in shortcomings]
    # Every row may stay empty, the pre-filled ones too: a listed shortcoming left without a measure is skipped.
    formset = CommitmentRowFormSet(request.POST or None, initial=initial or None, form_kwargs={"empty_permitted": True})
    if (
        request.method == "POST"
        and formset.is_valid()
        and (
            done := perform(
                formset,
                lambda: services.create_commitments(source_kind, source, _rows(formset), request.user),
                once=request,
            )
        )
    ):
        saved_message(request, done, lambda created: _("%(count)d commitments created.") % {"count": len(created)})
        return redirect("commitments:list")
    return render(
        request,
        "commitments/commitment_create.html",
        {
            "formset": formset,
            "source": source,
            "source_kind": SourceKind(source_kind),
            "shortcomings": shortcomings,
            "measures": measures_of(source_kind, source),
        },
    )
