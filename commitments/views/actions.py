"""One commitment: its page with the timeline, and each action on it (one form, one service call)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

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
from core.views import perform, saved_message

# What every page of a commitment names: its owner (organization or member) and who made it.
COMMITMENTS = Commitment.objects.select_related("organization", "origin_organization", "member")
# The commitment's own page also names its cycle, its accountable user and its source ("<organization> – <cycle>",
# "<member> – <cycle>", the conclusion), and each source what its name reads.
DETAIL_RELATED = ("cycle", "accountable_user")
SOURCE_RELATED = {
    "collective_review": ("organization", "cycle"),
    "individual_review": ("member", "cycle"),
    "directive_conclusion": (),
}


def _load(request, pk, detail=False):
    """The commitment the user may see, or 404; ``detail``: with all its page names.

    The source is read in a query of its own: joined to the commitment's, twelve tables made the planner search
    its join orders, 2-5 ms of PostgreSQL's processor time on each load, more than the rest of the page's SQL
    together; the two smaller queries plan in a fraction of that. An action reads only what its form page names.
    """
    commitments = COMMITMENTS.select_related(*DETAIL_RELATED) if detail else COMMITMENTS
    commitment = access.get_or_404(commitments, request.user, pk=pk)
    if detail:
        for name, related in SOURCE_RELATED.items():
            field = Commitment._meta.get_field(name)
            key = getattr(commitment, field.attname)
            if key is not None:
                source = field.related_model._base_manager.select_related(*related).get(pk=key)
                field.set_cached_value(commitment, source)
    return commitment


def _page(request, form, commitment, title, confirm=""):
    """The page of one action on ``commitment``: its form, and a confirmation for the steps that cannot be undone."""
    return render(
        request,
        "commitments/commitment_action.html",
        {"form": form, "commitment": commitment, "title": title, "confirm": confirm},
    )


@login_required
def commitment_detail(request, pk):
    commitment = _load(request, pk, detail=True)
    user, organization = request.user, commitment.organization
    # Lists, read once: the template reads the newest verification and the pending extension from them (each was
    # a second query), and the change history names the parts it shows from them (a query per kind otherwise).
    verifications = list(commitment.verifications.select_related("verified_by"))
    extensions = list(commitment.extension_requests.select_related("requested_by", "decided_by"))
    progress_updates = list(commitment.progress_updates.select_related("created_by").prefetch_related("evidence_files"))
    carry_overs = list(commitment.carry_overs.select_related("cycle"))
    context = {
        "commitment": commitment,
        "events": commitment.events.select_related("actor"),
        "progress_updates": progress_updates,
        "completion_files": commitment.evidence_files.filter(progress_update__isnull=True),
        "verifications": verifications,
        "extensions": extensions,
        "carry_overs": carry_overs,
        "history_known": [*verifications, *extensions, *progress_updates, *carry_overs],
        "is_active": commitment.status in ACTIVE_STATUSES,
        "is_waiting": commitment.status == CommitmentStatus.REPORTED_COMPLETED,
        "can_update": access.can(user, "commitment.update", organization),
        "can_verify": access.can(user, "commitment.verify", organization),
        "can_decide": access.can(user, "commitment.extend_decide", organization),
        # The newest pending one (the list is newest first), as the page's "decide" button names.
        "pending_extension": next((e for e in extensions if e.status == ExtensionStatus.PENDING), None),
    }
    return render(request, "commitments/commitment_detail.html", context)


@login_required
def progress_create(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.update", commitment.organization)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := perform(
                form, lambda: services.post_progress(commitment, request.user, **form.cleaned_data), once=request
            )
        )
    ):
        saved_message(request, done, lambda update: _("Progress saved."))
        return redirect("commitments:detail", pk=commitment.pk)
    return _page(request, form, commitment, _("Post progress"))


@login_required
def report_completed(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.update", commitment.organization)
    form = ReportCompletedForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.report_completed(commitment, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Reported completed."))
        return redirect("commitments:detail", pk=commitment.pk)
    return _page(request, form, commitment, _("Report the commitment completed"))


@login_required
def verify(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.verify", commitment.organization)
    form = VerifyForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.verify(commitment, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Verification saved."))
        return redirect("commitments:detail", pk=commitment.pk)
    confirm = _("Save this verification? It cannot be undone.")
    return _page(request, form, commitment, _("Verify the commitment"), confirm)


@login_required
def extension_request(request, pk):
    commitment = _load(request, pk)
    access.require(request.user, "commitment.update", commitment.organization)
    form = ExtensionRequestForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.request_extension(commitment, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Extension requested."))
        return redirect("commitments:detail", pk=commitment.pk)
    return _page(request, form, commitment, _("Request an extension"))


@login_required
def extension_decide(request, pk):
    """The decision, next to what it decides: the deadline now, the date asked, the reason, earlier requests."""
    extension = access.get_or_404(
        ExtensionRequest.objects.select_related("commitment__organization", "commitment__member", "requested_by"),
        request.user,
        via="commitment__organization",
        pk=pk,
    )
    commitment = extension.commitment
    access.require(request.user, "commitment.extend_decide", commitment.organization)
    form = ExtensionDecisionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form,
            lambda: services.decide_extension(
                extension, request.user, form.cleaned_data["decision"] == "approve", form.cleaned_data["note"]
            ),
        )
    ):
        messages.success(request, _("Decision saved."))
        return redirect("commitments:extension_queue")
    earlier = commitment.extension_requests.exclude(pk=extension.pk).select_related("requested_by", "decided_by")
    context = {
        "extension": extension,
        "commitment": commitment,
        "form": form if extension.status == ExtensionStatus.PENDING else None,
        "extensions": earlier,
        "days_added": (extension.requested_deadline - extension.previous_deadline).days,
        "today": timezone.localdate(),
    }
    return render(request, "commitments/extension_decide.html", context)


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
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.assess_carry_over(item, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Assessment saved."))
        return redirect("commitments:detail", pk=commitment.pk)
    return _page(request, form, commitment, _("Assess the carried-over commitment"))
