"""Editing a review's sections (either kind), with the edit-conflict message, and copying last year's text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core.views import perform, perform_action
from core.workflow import SubmissionAction, save_and_submit
from reviews import services
from reviews.forms import ChecklistForm, CopyPreviousForm, SectionsForm
from reviews.views.common import kind_of, load_review, name_then


def _checklist_form(request, review, kind):
    if kind != "individual" or not review.cycle.uses_checklist:
        return None
    answers = dict(review.answers.values_list("manifestation_id", "present"))
    return ChecklistForm(request.POST or None, answers=answers, prefix="checklist")


@login_required
def edit_sections(request, kind, pk):
    # Named only when the form is shown: a save that succeeds redirects.
    review = load_review(request.user, kind, pk, named=False)
    access.require(request.user, kind_of(kind)["edit"], review.organization)
    if not review.is_editable:
        messages.error(request, _("This report can no longer be edited in its current state."))
        return redirect(kind_of(kind)["detail"], review.pk)
    form = SectionsForm(request.POST or None, review=review)
    checklist = _checklist_form(request, review, kind)
    if (
        request.method == "POST"
        and form.is_valid()
        and (checklist is None or checklist.is_valid())
        and perform(
            form,
            lambda: save_and_submit(
                request.POST,
                lambda: _save(review, form, checklist),
                lambda: services.move(review, SubmissionAction.SUBMIT, request.user),
            ),
        )
    ):
        messages.success(request, _("The report was submitted.") if form.submitting else _("Saved."))
        return redirect(kind_of(kind)["detail"], review.pk)
    detail = reverse(kind_of(kind)["detail"], args=[review.pk])
    context = {"review": name_then(review), "kind": kind, "form": form, "checklist": checklist, "cancel_url": detail}
    # Submitting is an edit of its own (ACTION_PERMISSION): whoever may edit the draft may send it up.
    context["may_submit"] = SubmissionAction.SUBMIT in review.allowed_actions()
    return render(request, "reviews/review_edit.html", context)


def _save(review, form, checklist):
    """The sections and, when the rule set has one, the checklist: one step, saved together or not at all."""
    services.save_review_sections(review, form.section_changes(), form.cleaned_data["revision"])
    if checklist is not None:
        services.save_checklist(review, checklist.answers())


@login_required
@require_POST
def copy_previous(request, pk):
    review = load_review(request.user, "collective", pk)
    access.require(request.user, "review.edit", review.organization)
    form = CopyPreviousForm(request.POST)
    if perform_action(request, lambda: services.copy_previous_text(review, form.cleaned_data["revision"]), form=form):
        messages.success(request, _("Sections I–II were filled from last year's report; they are marked as copied."))
    return redirect("reviews:collective_edit", review.pk)
