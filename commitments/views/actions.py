"""One commitment: its page with the timeline, and each action on it (one form, one service call)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from commitments import services
from commitments.forms import (
    CarryOverAssessForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    ReportCompletedForm,
    VerifyForm,
)
from commitments.models import (
    ACTIVE_STATUSES,
    CarryOverItem,
    Commitment,
    CommitmentStatus,
    ExtensionRequest,
    ExtensionStatus,
)

COMMITMENTS = Commitment.objects.select_related("organization", "member", "cycle", "accountable_user")


def _load(request, pk):
    return access.get_or_404(COMMITMENTS, request.user, pk=pk)


def _act(request, form, call, success, commitment, title, confirm=""):
    """Run ``call(data)`` for a valid POSTed form; refusals go next to the form, nothing changed."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("commitments:detail", pk=commitment.pk)
    return render(
        request,
        "commitments/commitment_action.html",
        {"form": form, "commitment": commitment, "title": title, "confirm": confirm},
    )


@login_required
def commitment_detail(request, pk):
    commitment = _load(request, pk)
    user, organization = request.user, commitment.organization
    context = {
        "commitment": commitment,
        "events": commitment.events.select_related("actor"),
        "progress_updates": commitment.progress_updates.select_related("created_by").prefetch_related("evidence_files"),
        "completion_files": commitment.evidence_files.filter(progress_update__isnull=True),
        "verifications": commitment.verifications.select_related("verified_by"),
        "extensions": commitment.extension_requests.select_related("requested_by", "decided_by"),
        "carry_overs": commitment.carry_overs.select_related("cycle"),
        "is_active": commitment.status in ACTIVE_STATUSES,
        "is_waiting": commitment.status == CommitmentStatus.REPORTED_COMPLETED,
        "can_update": access.can(user, "commitment.update", organization),
        "can_verify": access.can(user, "commitment.verify", organization),
        "can_decide": access.can(user, "commitment.extend_decide", organization),
        "pending_extension": commitment.extension_requests.filter(status=ExtensionStatus.PENDING).first(),
    }
    return render(request, "commitments/commitment_detail.html", context)


@login_required
def progress_create(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.update", commitment.organization)
    form = ProgressForm(request.POST or None, request.FILES or None)

    def call(data):
        services.post_progress(
            commitment,
            request.user,
            data["date"],
            percentage=data["percentage"],
            stage=data["stage"],
            note=data["note"],
            files=data["files"],
        )

    return _act(request, form, call, _("Progress saved."), commitment, gettext_lazy("Post progress"))


@login_required
def report_completed(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.update", commitment.organization)
    form = ReportCompletedForm(request.POST or None, request.FILES or None)

    def call(data):
        services.report_completed(commitment, request.user, data["summary"], files=data["files"])

    return _act(
        request, form, call, _("Reported completed."), commitment, gettext_lazy("Report the commitment completed")
    )


@login_required
def verify(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.verify", commitment.organization)
    form = VerifyForm(request.POST or None)

    def call(data):
        services.verify(commitment, request.user, data["outcome"], data["assessment"])

    return _act(
        request,
        form,
        call,
        _("Verification saved."),
        commitment,
        gettext_lazy("Verify the commitment"),
        confirm=gettext_lazy("Save this verification? It cannot be undone."),
    )


@login_required
def extension_request(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.update", commitment.organization)
    form = ExtensionRequestForm(request.POST or None)

    def call(data):
        services.request_extension(commitment, request.user, data["new_deadline"], data["reason"])

    return _act(request, form, call, _("Extension requested."), commitment, gettext_lazy("Request an extension"))


@login_required
def extension_decide(request, pk):
    extension = access.get_or_404(
        ExtensionRequest.objects.select_related("commitment__organization"),
        request.user,
        via="commitment__organization",
        pk=pk,
    )
    commitment = extension.commitment
    access.require(request.user, "commitment.extend_decide", commitment.organization)
    form = ExtensionDecisionForm(request.POST or None)

    def call(data):
        services.decide_extension(extension, request.user, data["decision"] == "approve", data["note"])

    return _act(
        request,
        form,
        call,
        _("Decision saved."),
        commitment,
        gettext_lazy("Decide on the extension"),
        confirm=gettext_lazy("Save this decision? It cannot be undone."),
    )


@login_required
def carry_over_assess(request, pk):
    item = access.get_or_404(
        CarryOverItem.objects.select_related("commitment__organization", "cycle"),
        request.user,
        via="commitment__organization",
        pk=pk,
    )
    commitment = item.commitment
    access.require(request.user, "commitment.assess_carry_over", commitment.organization)
    form = CarryOverAssessForm(request.POST or None)

    def call(data):
        services.assess_carry_over(item, request.user, data["assessment"], data["degree"])

    return _act(
        request, form, call, _("Assessment saved."), commitment, gettext_lazy("Assess the carried-over commitment")
    )
