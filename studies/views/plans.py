"""Study plans: the list, the page with its figures per organization, create, edit, refresh the essays owed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core.views import perform, perform_action
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


def _save(request, form):
    """Save the plan of a valid form through the service (``perform``): ``Done`` with the plan, or None."""
    # The issuer is chosen in the form, so its permission is known only now.
    access.require(request.user, "study.plan", form.cleaned_data["issuer"])
    done = perform(form, lambda: services.save_plan(form.save(commit=False), request.user))
    if done:
        messages.success(request, _("The study plan was saved."))
        warn_if_late(request, timing.plan_warnings(done.result))
    return done


@login_required
def plan_create(request):
    access.require_anywhere(request.user, "study.plan")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (done := _save(request, form)):
        return redirect("studies:plan", done.result.pk)
    return render(request, "studies/plan_form.html", {"form": form})


@login_required
def plan_edit(request, pk):
    plan = visible_plan(request.user, pk)
    access.require(request.user, "study.plan", plan.issuer)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return redirect("studies:plan", plan.pk)
    return render(request, "studies/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_refresh_essays(request, pk):
    """Ask for the essays of members who joined or took up a post since the plan was saved."""
    plan = visible_plan(request.user, pk)
    access.require(request.user, "study.plan", plan.issuer)
    if done := perform_action(request, lambda: services.sync_essays(plan)):
        added, removed = done.result
        message = _("Essays owed: %(added)s added, %(removed)s no longer asked.")
        messages.success(request, message % {"added": added, "removed": removed})
    return redirect("studies:plan", plan.pk)
