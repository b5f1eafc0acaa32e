"""What the audit trail follows in this app (audit.registry): plans, sessions, attendance, essays."""

from audit.registry import track
from studies.models import Attendance, Essay, StudyPlan, StudySession

track(StudyPlan, organization="issuer")
track(StudySession, organization="organization", parent="plan")
track(Attendance, organization="session__organization", parent="session")
track(Essay, organization="organization", parent="plan")
