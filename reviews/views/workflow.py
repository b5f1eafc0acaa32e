"""Workflow steps of either kind of review: submit, return with reasons, accept, reopen; version history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core.views import perform, perform_action
from core.workflow import SubmissionAction
from reviews import services
from reviews.forms import ReturnForm
from reviews.views.common import ACTION_PERMISSION, kind_of, load_review

DONE = {
    "submit": _("The report was submitted."),
    "accept": _("The report was accepted."),
    "reopen": _("A new review was ordered; the report is a draft again."),
}


@login_required
@require_POST
def act(request, kind, pk, action):
    if action not in DONE:
        raise Http404
    review = load_review(request.user, kind, pk, named=False)  # the step redirects: no name shown
    access.require(request.user, kind_of(kind)[ACTION_PERMISSION[action]], review.organization)
    if perform_action(request, lambda: services.move(review, action, request.user, note=request.POST.get("note", ""))):
        messages.success(request, str(DONE[action]))
    return redirect(kind_of(kind)["detail"], review.pk)


@login_required
def return_review(request, kind, pk):
    review = load_review(request.user, kind, pk)
    access.require(request.user, kind_of(kind)["accept"], review.organization)
    form = ReturnForm(request.POST or None, review=review)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form,
            lambda: services.move(
                review, SubmissionAction.RETURN, request.user, note=form.cleaned_data["note"], reasons=form.reasons()
            ),
        )
    ):
        messages.success(request, _("The report was returned with your reasons."))
        return redirect(kind_of(kind)["detail"], review.pk)
    return render(request, "reviews/return_form.html", {"review": review, "kind": kind, "form": form})


@login_required
def history(request, kind, pk):
    review = load_review(request.user, kind, pk)
    labels = dict(review.SECTIONS)
    versions = list(review.versions().select_related("created_by").prefetch_related("reasons"))
    previous = {}
    for version in versions:
        version.changes = [
            (labels[name], previous.get(name, ""), text)
            for name, text in version.snapshot.items()
            if name in labels and (previous.get(name) or "") != (text or "")
        ]
        version.reason_list = [(labels.get(r.section, r.section), r.text) for r in version.reasons.all()]
        previous = version.snapshot
    return render(
        request,
        "reviews/history.html",
        {
            "review": review,
            "kind": kind,
            "versions": versions,
            "pending": review.changes_since_last_version() if versions else [],
        },
    )
