"""Explanation report pages: answer, submit, return, accept; and the conclusion per organization."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core.views import perform, perform_action
from core.workflow import SubmissionStatus, save_and_submit
from directives import services
from directives.forms import ConclusionForm, ExplanationForm, ReturnForm
from directives.models import Conclusion, DirectiveStatus
from directives.views.common import visible_report

DECIDABLE = (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED)


def _permissions(user, report):
    live = report.directive.status == DirectiveStatus.ISSUED
    organization = report.organization
    return {
        "may_edit": live and report.is_editable and access.can(user, "explanation.edit", organization),
        "may_decide": live and report.status in DECIDABLE and access.can(user, "explanation.decide", organization),
        "may_conclude": report.status == SubmissionStatus.ACCEPTED
        and access.can(user, "directive.conclude", organization),
    }


@login_required
def report_detail(request, pk):
    """The report, editable in place by its organization's secretary (or city staff) while a draft or returned."""
    report = visible_report(request.user, pk)
    allowed = _permissions(request.user, report)
    items = list(report.ordered_items().prefetch_related("people"))
    form = None
    if allowed["may_edit"]:
        form = ExplanationForm(request.POST or None, report=report, items=items, user=request.user)
    elif request.method == "POST":
        access.require(request.user, "explanation.edit", report.organization)
        messages.error(request, _("This report can no longer be edited in its current state."))
        return redirect("directives:report", report.pk)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form,
            lambda: save_and_submit(
                request.POST,
                lambda: services.save_explanation(report, request.user, form.cleaned_data["revision"], form.answers()),
                lambda: services.submit_explanation(report, request.user),
            ),
        )
    ):
        if form.submitting:
            messages.success(request, _("The explanation report was submitted."))
        else:
            messages.success(request, _("The explanation report was saved."))
        return redirect("directives:report", report.pk)
    context = {
        "report": report,
        "directive": report.directive,
        "items": items,
        "form": form,
        "reasons": services.last_return_reasons(report),
        "versions": report.versions().select_related("created_by").prefetch_related("reasons"),
        "conclusion": Conclusion.objects.filter(**report.same_answer())
        .prefetch_related("shortcomings", "satisfactory_items")
        .first(),
        **allowed,
    }
    return render(request, "directives/report_detail.html", context)


@login_required
def report_return(request, pk):
    report = visible_report(request.user, pk)
    access.require(request.user, "explanation.decide", report.organization)
    items = list(report.ordered_items())
    form = ReturnForm(request.POST or None, items=items)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form, lambda: services.return_explanation(report, request.user, form.reasons(), form.cleaned_data["note"])
        )
    ):
        messages.success(request, _("The explanation report was returned with your reasons."))
        return redirect("directives:report", report.pk)
    return render(request, "directives/report_return.html", {"report": report, "form": form})


@login_required
@require_POST
def report_accept(request, pk):
    report = visible_report(request.user, pk)
    access.require(request.user, "explanation.decide", report.organization)
    if perform_action(request, lambda: services.accept_explanation(report, request.user)):
        messages.success(request, _("The explanation report was accepted."))
    return redirect("directives:report", report.pk)


@login_required
def report_conclude(request, pk):
    report = visible_report(request.user, pk)
    access.require(request.user, "directive.conclude", report.organization)
    form = ConclusionForm(request.POST or None, directive=report.directive)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form,
            lambda: services.conclude(
                report.directive,
                report.organization,
                request.user,
                origin=report.origin_organization,
                **form.cleaned_data,
            ),
        )
    ):
        messages.success(request, _("The conclusion was recorded."))
        return redirect("directives:report", report.pk)
    return render(request, "directives/report_conclude.html", {"report": report, "form": form})
