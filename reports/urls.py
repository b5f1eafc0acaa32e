from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("individual-reviews/", views.individual_review_list, name="individual_reviews"),
    path("organizations/<int:pk>/", views.organization_overview, name="organization"),
    path("cycle-report/", views.report_index, name="cycle_report_index"),
    path("cycle-report/<int:cycle_pk>/<int:organization_pk>/", views.report_view, name="cycle_report"),
    path("cycle-report/<int:cycle_pk>/<int:organization_pk>/edit/", views.report_edit, name="cycle_report_edit"),
    path(
        "cycle-report/<int:cycle_pk>/<int:organization_pk>/<slug:output>/",
        views.report_output,
        name="cycle_report_output",
    ),
    path("cycle-report/versions/<int:pk>/<slug:output>/", views.version_output, name="cycle_report_version"),
    path("audit/", views.audit_log, name="audit_log"),
    path("export/<slug:name>/", views.export_view, name="export"),
    path("exports/", views.job_list, name="jobs"),
    path("exports/<int:pk>/", views.job_detail, name="job"),
    path("exports/<int:pk>/status/", views.job_status, name="job_status"),
    path("exports/<int:pk>/download/", views.job_download, name="job_download"),
]
