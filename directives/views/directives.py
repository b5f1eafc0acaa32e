"""Directive pages: list, proposal, detail (with the read receipt), issue, revoke, cycle overview, catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core import lists
from core.views import perform, perform_action
from directives import services
from directives.forms import (
    ContentItemForm,
    CycleOverviewFilterForm,
    DirectiveFilterForm,
    IssueForm,
    ProposalForm,
    RevokeForm,
)
from directives.models import ContentItem, Directive, DirectiveStatus, ExplanationReport
from directives.views.common import visible_directive
from organizations import lineage
from reviews.models import ReviewCycle

SORTS = {"proposed": "proposed_at", "issued": "issued_on", "deadline": "report_deadline", "title": "title"}


@login_required
def directive_list(request):
    filters = DirectiveFilterForm(request.GET)
    directives = filters.filter(Directive.objects.visible_to(request.user).select_related("cycle", "issuer"))
    directives, current_sort = lists.sort(directives, request.GET.get("sort"), SORTS, "-proposed")
    context = {
        "filters": filters,
        "page_obj": lists.paginate(request, directives),
        "current_sort": current_sort,
        "may_propose": access.can_anywhere(request.user, "directive.propose"),
    }
    return render(request, "directives/directive_list.html", context)


@login_required
def directive_propose(request):
    access.require_anywhere(request.user, "directive.propose")
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The issuer is chosen in the form, so its permission is known only now.
        access.require(request.user, "directive.propose", form.cleaned_data["issuer"])
        if done := perform(form, lambda: services.propose(request.user, **form.cleaned_data)):
            messages.success(request, _("The proposal was saved."))
            return redirect("directives:detail", done.result.pk)
    return render(request, "directives/proposal_form.html", {"form": form})


@login_required
def directive_edit(request, pk):
    directive = visible_directive(request.user, pk)
    access.require(request.user, "directive.propose", directive.issuer)
    if not directive.is_editable:
        messages.error(request, _("An issued directive cannot be edited; it can only be revoked with a reason."))
        return redirect("directives:detail", directive.pk)
    form = ProposalForm(request.POST or None, user=request.user, directive=directive)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.update_proposal(directive, request.user, **_proposal_values(form)))
    ):
        messages.success(request, _("The proposal was saved."))
        return redirect("directives:detail", directive.pk)
    return render(request, "directives/proposal_form.html", {"form": form, "directive": directive})


def _proposal_values(form):
    """The edited proposal's values: the issuer of a proposal does not change."""
    return {name: value for name, value in form.cleaned_data.items() if name != "issuer"}


@login_required
def directive_detail(request, pk):
    directive = visible_directive(request.user, pk)
    services.record_read(directive, request.user)
    user, issuer = request.user, directive.issuer
    reports = {report.answer_key: report for report in access.scope(directive.reports.all(), user)}
    # Named as on the cycle's reference date, the day of the tree its records keep (one query).
    targets = lineage.attach_names_then(
        list(directive.targets.select_related("organization", "origin_organization", "read_by")),
        directive.cycle.reference_date,
        "organization",
        "origin_organization",
    )
    for target in targets:
        target.report = reports.get(target.answer_key)
    context = {
        "directive": directive,
        "items": directive.items.all(),
        "targets": targets,
        "part": services.part_seen_by(directive, user),
        "sees_receipts": access.can(user, "organization.view", issuer),
        "may_edit": directive.is_editable and access.can(user, "directive.propose", issuer),
        "may_issue": directive.is_editable and access.can(user, "directive.issue", issuer),
        "may_revoke": directive.status == DirectiveStatus.ISSUED and access.can(user, "directive.issue", issuer),
        "revoke_form": RevokeForm(),
    }
    return render(request, "directives/directive_detail.html", context)


@login_required
def directive_issue(request, pk):
    directive = visible_directive(request.user, pk)
    access.require(request.user, "directive.issue", directive.issuer)
    form = IssueForm(request.POST or None, directive=directive)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.issue(directive, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("The directive was issued and registered as a document."))
        return redirect("directives:detail", directive.pk)
    return render(request, "directives/issue_form.html", {"form": form, "directive": directive})


@login_required
@require_POST
def directive_revoke(request, pk):
    directive = visible_directive(request.user, pk)
    access.require(request.user, "directive.issue", directive.issuer)
    form = RevokeForm(request.POST)
    if perform_action(request, lambda: services.revoke(directive, request.user, form.cleaned_data["reason"]), form):
        messages.success(request, _("The directive was revoked; the reason is kept."))
    return redirect("directives:detail", directive.pk)


@login_required
def cycle_overview(request, cycle_pk):
    """A cycle's directives and their targets; ``status`` and ``state`` narrow them to the dashboard's counts."""
    cycle = get_object_or_404(ReviewCycle, pk=cycle_pk)
    user = request.user
    reports = access.scope(ExplanationReport.objects.all(), user)
    filters = CycleOverviewFilterForm(request.GET, user=user)
    directives = (
        filters.filter(Directive.objects.visible_to(user).filter(cycle=cycle))
        .select_related("standing_member", "issuer")
        .prefetch_related(
            Prefetch("targets", queryset=filters.targets().select_related("organization", "origin_organization")),
            Prefetch("reports", queryset=reports),
            "board_representatives",
            "conclusions",
        )
        .order_by("issued_on", "pk")
    )
    today = timezone.localdate()
    directives = list(directives)
    # Every target of the page named as on the cycle's reference date, in one query.
    targets = [target for directive in directives for target in directive.targets.all()]
    lineage.attach_names_then(targets, cycle.reference_date, "organization", "origin_organization")
    rows = []
    for directive in directives:
        by_org = {report.answer_key: report for report in directive.reports.all()}
        concluded = {c.answer_key for c in directive.conclusions.all()}
        targets = [(t, by_org.get(t.answer_key), t.answer_key in concluded) for t in directive.targets.all()]
        rows.append((directive, targets, directive.days_to_deadline_if_owed(by_org.values(), today)))
    context = {
        "cycle": cycle,
        "filters": filters,
        "rows": rows,
        "target_count": sum(len(targets) for _directive, targets, _days in rows),
    }
    return render(request, "directives/cycle_overview.html", context)


@login_required
def catalogue(request):
    items = ContentItem.objects.all()
    may_change = access.can_anywhere(request.user, "directive.catalogue")
    return render(request, "directives/catalogue.html", {"items": items, "may_change": may_change})


@login_required
def catalogue_edit(request, pk=None):
    access.require_anywhere(request.user, "directive.catalogue")
    item = get_object_or_404(ContentItem, pk=pk) if pk else None
    form = ContentItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid() and perform(form, form.save):
        messages.success(request, _("The content item was saved."))
        return redirect("directives:catalogue")
    return render(request, "directives/catalogue_form.html", {"form": form, "item": item})
