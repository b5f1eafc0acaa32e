"""Rating pages: self-assessment, proposal and decision of either kind of review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.views import perform
from core.workflow import SubmissionAction, save_and_submit, submitting
from reviews import rating, services
from reviews.forms import DecisionForm, ProposalForm, SelfAssessmentForm
from reviews.views.common import kind_of, load_review

STEPS = {
    "self": (SelfAssessmentForm, "edit"),
    "propose": (ProposalForm, "propose"),
    "decide": (DecisionForm, "decide"),
}


def _apply(step, review, user, form):
    data = form.cleaned_data
    if step == "self":
        return rating.self_assess(
            review,
            data["level"],
            user,
            data.get("general_score"),
            data.get("results_score"),
            criterion_scores=form.criterion_scores(),
        )
    if step == "propose":
        return rating.propose(
            review, data["level"], user, data["discipline"], data["degradation_concluded"], facts=form.facts()
        )
    return rating.decide(review, data["level"], user, quota_raised=data.get("quota_raised", False))


def _save_step(request, step, review, form):
    """The step's rating; the self-assessment may also submit the review, saved first (core.workflow)."""
    if step != "self":
        return _apply(step, review, request.user, form)
    return save_and_submit(
        request.POST,
        lambda: _apply(step, review, request.user, form),
        lambda: services.move(review, SubmissionAction.SUBMIT, request.user),
    )


def _forms(review, user, kind, bound=None, bound_step=None):
    forms = {}
    for step, (form_class, permission) in STEPS.items():
        if access.can(user, kind_of(kind)[permission], review.organization):
            data = bound if step == bound_step else None
            initial = {
                "level": {"self": review.self_level, "propose": review.proposed_level}.get(step, review.decided_level)
            }
            if step == "self":
                initial.update(general_score=review.general_score, results_score=review.results_score)
            if step == "propose":
                initial.update(discipline=review.discipline, degradation_concluded=review.degradation_concluded)
            forms[step] = form_class(data, review=review, initial=initial, prefix=step)
    return forms


@login_required
def rate(request, kind, pk, step=None):
    if not kind_of(kind).get("rated", True):
        raise Http404
    review = load_review(request.user, kind, pk)
    if step is not None:
        if step not in STEPS:
            raise Http404
        access.require(request.user, kind_of(kind)[STEPS[step][1]], review.organization)
    forms = _forms(review, request.user, kind, request.POST or None, step)
    if request.method == "POST" and step is not None:
        form = forms[step]
        if form.is_valid():
            if not form.cleaned_data["level"]:
                form.add_error("level", _("Choose a level."))
            elif done := perform(form, lambda: _save_step(request, step, review, form)):
                submitted = step == "self" and submitting(request.POST)
                messages.success(request, _("The report was submitted.") if submitted else _("Rating saved."))
                for warning in done.result if isinstance(done.result, list) else []:
                    messages.warning(request, warning)
                return redirect("reviews:rate", kind, review.pk)
    rules = review.cycle.rules
    return render(
        request,
        "reviews/rate.html",
        {
            "review": review,
            "kind": kind,
            "forms": forms,
            "rules": rules,
            "may_submit": SubmissionAction.SUBMIT in review.allowed_actions(),
            "computed": review.computed_level(),
            "computed_label": rules.label(review.RATING_KIND, review.computed_level()),
            "remedied": not rating.has_open_earlier_commitments(review),
            "ceilings": [reason for _best, reason in rating.ceilings(review)],
            # Scored line by line, the self-assessment takes half the width (reviews/scoring.py).
            "by_line": "self" in forms and forms["self"].annex is not None,
            "labels": {
                "self": rules.label(review.RATING_KIND, review.self_level),
                "propose": rules.label(review.RATING_KIND, review.proposed_level),
                "decide": rules.label(review.RATING_KIND, review.decided_level),
            },
        },
    )
