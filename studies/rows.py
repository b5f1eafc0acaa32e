"""The rows of each study list for a user and the list's filter form: the page and its Excel export alike."""

from django.db.models import Count, Q

from accounts import access
from studies import timing
from studies.models import Attendance, AttendanceStatus, Essay, StudyPlan, StudySession


def with_attendance_counts(sessions):
    """Sessions with how many members were recorded, present, excused and absent."""
    counts = {status: Count("attendance", filter=Q(attendance__status=status)) for status in AttendanceStatus}
    return sessions.annotate(recorded=Count("attendance"), **counts)


def plans(user, filters):
    queryset = StudyPlan.objects.visible_to(user).select_related("document", "issuer", "applies_to")
    return timing.with_lateness(filters.filter(queryset))


def sessions(user, filters):
    queryset = filters.filter(access.scope(StudySession.objects.all(), user))
    return with_attendance_counts(queryset.select_related("plan__document", "organization"))


def attendance(user, filters):
    queryset = filters.filter(access.scope(Attendance.objects.all(), user, via="session__organization"))
    return queryset.select_related("member__organization", "session__organization", "session__plan__document")


def essays(user, filters):
    queryset = filters.filter(access.scope(Essay.objects.all(), user))
    return queryset.select_related("member", "organization", "plan__document")
