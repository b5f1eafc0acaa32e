"""Reports pages: the dashboard, the organization page, the cycle report, lists and exports."""

from reports.views.audit_log import audit_log
from reports.views.cycle_report import (
    report_edit,
    report_index,
    report_output,
    report_view,
    version_output,
)
from reports.views.dashboard import dashboard_view
from reports.views.exports import export_view, job_detail, job_download, job_download_url, job_list, job_status
from reports.views.home import home
from reports.views.lists import individual_review_list
from reports.views.organization import organization_overview

__all__ = [
    "audit_log",
    "home",
    "individual_review_list",
    "organization_overview",
    "report_edit",
    "report_index",
    "report_output",
    "report_view",
    "version_output",
    "dashboard_view",
    "export_view",
    "job_detail",
    "job_download",
    "job_download_url",
    "job_list",
    "job_status",
]
