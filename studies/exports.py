"""The Excel exports of the study lists: their rows (the list's own filter form over the same reach) and columns.

Reports lies above studies and registers these in ``reports/exports.py``; this
module only describes them. The member rows carry the Party card number and the
document's number and symbol, what the national "Sổ tay đảng viên điện tử"
shows for a member and a document, so the files line up with its
resolution-study records.
"""

from django.utils.translation import gettext_lazy as _

from core.exports import Column, field_label
from studies import rows
from studies.forms import AttendanceFilterForm, EssayFilterForm, PlanFilterForm, SessionFilterForm
from studies.models import Attendance, Essay, StudyPlan, StudySession


def plans_for(user, params):
    return rows.plans(user, PlanFilterForm(params, user=user)).order_by("starts_on", "pk")


def sessions_for(user, params):
    return rows.sessions(user, SessionFilterForm(params, user=user)).order_by("held_on", "pk")


def attendance_for(user, params):
    filters = AttendanceFilterForm(params, user=user)
    return rows.attendance(user, filters).order_by("session__held_on", "session_id", "member__full_name", "pk")


def essays_for(user, params):
    essays = rows.essays(user, EssayFilterForm(params, user=user))
    return essays.order_by("organization__path", "member__full_name", "pk")


def _yes(value):
    return _("Yes") if value else ""


CARD = Column(_("Party card number"), "member.card_number", width=16)
NAME = Column(_("Full name"), "member.full_name", width=28)

PLAN_COLUMNS = (
    Column(field_label(StudyPlan, "title"), "title", width=50),
    Column(_("Document studied"), "document.number", width=16),
    Column(_("Document title"), "document.title", width=50),
    Column(field_label(StudyPlan, "issuer"), "issuer.name", width=36),
    Column(field_label(StudyPlan, "applies_to"), "applies_to.name", width=36),
    Column(field_label(StudyPlan, "form"), "get_form_display", width=22),
    Column(field_label(StudyPlan, "starts_on"), "starts_on", width=12),
    Column(field_label(StudyPlan, "ends_on"), "ends_on", width=12),
    Column(field_label(StudyPlan, "essay_rule"), "get_essay_rule_display", width=24),
    Column(field_label(StudyPlan, "essay_deadline"), "essay_deadline", width=12),
    Column(_("Rolled out at year-end"), lambda plan: _yes(plan.is_late), width=12),
)
SESSION_COLUMNS = (
    Column(_("Document studied"), "plan.document.number", width=16),
    Column(_("Study plan"), "plan.title", width=50),
    Column(_("Organization"), "organization.name", width=40),
    Column(field_label(StudySession, "held_on"), "held_on", width=12),
    Column(field_label(StudySession, "form"), "get_form_display", width=22),
    Column(field_label(StudySession, "speaker"), "speaker", width=30),
    Column(_("Recorded"), "recorded", width=10),
    Column(_("Present"), "present", width=10),
    Column(_("Excused"), "excused", width=10),
    Column(_("Absent"), "absent", width=10),
)
ATTENDANCE_COLUMNS = (
    CARD,
    NAME,
    Column(_("Party cell"), "member.organization.name", width=36),
    Column(_("Document studied"), "session.plan.document.number", width=16),
    Column(_("Study plan"), "session.plan.title", width=50),
    Column(_("Held by"), "session.organization.name", width=36),
    Column(field_label(StudySession, "held_on"), "session.held_on", width=12),
    Column(field_label(Attendance, "status"), "get_status_display", width=12),
    Column(field_label(Attendance, "reason"), "reason", width=30),
)
ESSAY_COLUMNS = (
    CARD,
    NAME,
    Column(_("Party cell"), "organization.name", width=36),
    Column(_("Document studied"), "plan.document.number", width=16),
    Column(_("Study plan"), "plan.title", width=50),
    Column(field_label(StudyPlan, "essay_deadline"), "plan.essay_deadline", width=12),
    Column(field_label(Essay, "status"), "get_status_display", width=12),
    Column(field_label(Essay, "submitted_on"), "submitted_on", width=12),
    Column(field_label(Essay, "grade"), "get_grade_display", width=14),
)

# What ``reports.registry.register`` takes, one export per list.
EXPORTS = (
    {
        "name": "study_plans",
        "queryset_fn": plans_for,
        "columns": PLAN_COLUMNS,
        "title": _("Study plans"),
        "filters": tuple(PlanFilterForm.base_fields),
    },
    {
        "name": "study_sessions",
        "queryset_fn": sessions_for,
        "columns": SESSION_COLUMNS,
        "title": _("Study sessions"),
        "filters": tuple(SessionFilterForm.base_fields),
    },
    {
        "name": "study_attendance",
        "queryset_fn": attendance_for,
        "columns": ATTENDANCE_COLUMNS,
        "title": _("Study attendance"),
        "filters": tuple(AttendanceFilterForm.base_fields),
    },
    {
        "name": "study_essays",
        "queryset_fn": essays_for,
        "columns": ESSAY_COLUMNS,
        "title": _("Study essays"),
        "filters": tuple(EssayFilterForm.base_fields),
    },
)
