"""Creating commitments from a conclusion: one screen, one row per measure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from commitments import services
from commitments.forms import CommitmentRowFormSet
from commitments.models import SourceKind
from reviews.models import CollectiveReview, IndividualReview

SOURCES = {
    SourceKind.COLLECTIVE_REVIEW: CollectiveReview.objects.select_related("organization", "cycle"),
    SourceKind.INDIVIDUAL_REVIEW: IndividualReview.objects.select_related("organization", "cycle", "member"),
}


def shortcomings_of(source):
    """The structured shortcomings a source concludes (MERGE POINT: reviews/directives conclusions).

    None of the sources has a structured list yet, so the screen asks for them.
    """
    return []


@login_required
def create_from_source(request, source_kind, pk):
    if source_kind not in SOURCES:
        raise Http404
    source = access.get_or_404(SOURCES[source_kind], request.user, pk=pk)
    access.require(request.user, "commitment.create", source.organization)
    initial = [{"shortcoming": text} for text in shortcomings_of(source)]
    formset = CommitmentRowFormSet(request.POST or None, initial=initial or None)
    if request.method == "POST" and formset.is_valid():
        rows = [form.cleaned_data for form in formset if form.cleaned_data]
        try:
            created = services.create_commitments(source_kind, source, rows, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d commitments created.") % {"count": len(created)})
            return redirect("commitments:list")
    return render(
        request,
        "commitments/commitment_create.html",
        {"formset": formset, "source": source, "source_kind": SourceKind(source_kind)},
    )
