from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("export/<slug:name>/", views.export_view, name="export"),
    path("exports/", views.job_list, name="jobs"),
    path("exports/<int:pk>/", views.job_detail, name="job"),
    path("exports/<int:pk>/status/", views.job_status, name="job_status"),
    path("exports/<int:pk>/download/", views.job_download, name="job_download"),
]
