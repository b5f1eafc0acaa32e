from django.urls import path

from paperwork import views

app_name = "paperwork"
urlpatterns = [
    path(
        "cycle-report/<int:cycle_pk>/<int:organization_pk>/<slug:output>/",
        views.cycle_report_draft,
        name="cycle_report",
    ),
    path("review-file/<int:pk>/", views.review_file_start, name="file_start"),
    path("review-files/<int:pk>/", views.file_job, name="file_job"),
    path("review-files/<int:pk>/status/", views.file_job_status, name="file_job_status"),
    path("review-files/<int:pk>/download/", views.file_job_download, name="file_job_download"),
    path("<slug:kind>/<int:pk>/<slug:output>/", views.document, name="document"),
]
