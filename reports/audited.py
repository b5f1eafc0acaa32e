"""What the audit trail follows in this app (audit.registry): the cycle report and its finalized versions."""

from audit.registry import track
from reports.models import CycleReport, CycleReportVersion

track(CycleReport, organization="organization", parent="cycle")
track(CycleReportVersion, organization="report__organization", parent="report")
