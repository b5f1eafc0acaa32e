"""Study sessions and their attendance: the lists, record a session, its page, take the attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.views import perform
from studies import rows, services, timing
from studies.forms import AttendanceFilterForm, AttendanceForm, SessionFilterForm, SessionForm
from studies.models import Attendance, AttendanceStatus, StudySession
from studies.views.common import list_page, visible_plan, visible_session, warn_if_late

SESSION_SORTS = {"date": "held_on", "organization": "organization__name"}
ATTENDANCE_SORTS = {"name": "member__full_name", "date": "session__held_on", "status": "status"}


@login_required
def session_list(request):
    return list_page(
        request, "studies/session_list.html", SessionFilterForm, rows.sessions, SESSION_SORTS, "-date",
        heading=_("Study sessions"), export="study_sessions", active="sessions",
    )  # fmt: skip


def _save(request, form):
    """Save the session of a valid form through the service (``perform``): ``Done`` with the session, or None."""
    # The organization is chosen in the form, so its permission is known only now.
    access.require(request.user, "study.record", form.cleaned_data["organization"])
    done = perform(form, lambda: services.save_session(form.save(commit=False), request.user))
    if done:
        warn_if_late(request, timing.session_warnings(done.result))
    return done


@login_required
def session_create(request, plan_pk):
    plan = visible_plan(request.user, plan_pk)
    form = SessionForm(request.POST or None, plan=plan, user=request.user)
    if not form.fields["organization"].queryset.exists():
        raise PermissionDenied  # the plan is visible, but there is nowhere under it this user may record
    if request.method == "POST" and form.is_valid() and (done := _save(request, form)):
        messages.success(request, _("The session was recorded. Now take the attendance."))
        return redirect("studies:attendance_edit", done.result.pk)
    return render(request, "studies/session_form.html", {"form": form, "plan": plan})


@login_required
def session_edit(request, pk):
    session = visible_session(request.user, pk)
    access.require(request.user, "study.record", session.organization)
    form = SessionForm(request.POST or None, instance=session, plan=session.plan, user=request.user)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, _("The session was saved."))
        return redirect("studies:session", session.pk)
    return render(request, "studies/session_form.html", {"form": form, "plan": session.plan, "session": session})


@login_required
def session_detail(request, pk):
    session = visible_session(request.user, pk)
    # The absences are what a secretary looks for; everyone is on the attendance list, linked from the counts.
    absences = session.attendance.exclude(status=AttendanceStatus.PRESENT).select_related("member__organization")
    context = {
        "session": session,
        "counts": rows.with_attendance_counts(StudySession.objects.filter(pk=session.pk)).get(),
        "absences": absences.order_by("status", "member__full_name", "pk"),
        "warnings": timing.session_warnings(session),
        "reasoning": timing.REASONING,
        "may_record": access.can(request.user, "study.record", session.organization),
    }
    return render(request, "studies/session_detail.html", context)


@login_required
def attendance_edit(request, pk):
    session = visible_session(request.user, pk)
    access.require(request.user, "study.record", session.organization)
    recorded = {row.member_id: row for row in Attendance.objects.filter(session=session)}
    form = AttendanceForm(request.POST or None, members=services.roster(session), recorded=recorded)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.record_attendance(session, form.entries()))
    ):
        messages.success(request, _("The attendance was saved."))
        return redirect("studies:session", session.pk)
    return render(request, "studies/attendance_form.html", {"session": session, "form": form})


@login_required
def attendance_list(request):
    return list_page(
        request, "studies/attendance_list.html", AttendanceFilterForm, rows.attendance, ATTENDANCE_SORTS, "name",
        heading=_("Study attendance"), export="study_attendance", active="attendance",
    )  # fmt: skip
