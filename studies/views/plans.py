"""Study plans: the list, the page with its figures per organization, create, edit, refresh the essays owed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from organizations.models import Organization
from studies import figures, rows, services, timing
from studies.forms import PlanFilterForm, PlanForm
from studies.models import StudySession
from studies.views.common import list_page, visible_plan, warn_if_late

SORTS = {"start": "starts_on", "title": "title", "form": "form"}
RECENT_SESSIONS = 10


@login_required
def plan_list(request):
    return list_page(
        request, "studies/plan_list.html", PlanFilterForm, rows.plans, SORTS, "-start",
        heading=_("Study plans"), export="study_plans", active="plans",
        may_plan=access.can_anywhere(request.user, "study.plan"),
    )  # fmt: skip


@login_required
def plan_detail(request, pk):
    plan = visible_plan(request.user, pk)
    user = request.user
    rows, total, laggards = figures.organization_rows(plan, user)
    sessions = access.scope(StudySession.objects.filter(plan=plan), user).select_related("organization")
    recording_places = Organization.objects.permitted_to(user, "study.record").subtree_of(plan.applies_to)
    context = {
        "plan": plan,
        "warnings": timing.plan_warnings(plan),
        "reasoning": timing.REASONING,
        "rows": rows,
        "total": total,
        "laggards": laggards,
        "sessions": sessions[:RECENT_SESSIONS],
        "may_edit": access.can(user, "study.plan", plan.issuer),
        "may_record": recording_places.exists(),
    }
    return render(request, "studies/plan_detail.html", context)


def _save(request, form, success):
    """Save a valid plan form through the service; the plan, or None with the refusal next to the form."""
    access.require(request.user, "study.plan", form.cleaned_data["issuer"])
    try:
        plan = services.save_plan(form.save(commit=False), request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, success)
    warn_if_late(request, timing.plan_warnings(plan))
    return plan


@login_required
def plan_create(request):
    access.require_anywhere(request.user, "study.plan")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = _save(request, form, _("The study plan was saved."))
        if plan is not None:
            return redirect("studies:plan", plan.pk)
    return render(request, "studies/plan_form.html", {"form": form})


@login_required
def plan_edit(request, pk):
    plan = visible_plan(request.user, pk)
    access.require(request.user, "study.plan", plan.issuer)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid() and _save(request, form, _("The study plan was saved.")):
        return redirect("studies:plan", plan.pk)
    return render(request, "studies/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_refresh_essays(request, pk):
    """Ask for the essays of members who joined or took up a post since the plan was saved."""
    plan = visible_plan(request.user, pk)
    access.require(request.user, "study.plan", plan.issuer)
    added, removed = services.sync_essays(plan)
    messages.success(
        request, _("Essays owed: %(added)s added, %(removed)s no longer asked.") % {"added": added, "removed": removed}
    )
    return redirect("studies:plan", plan.pk)
