from django.urls import path

from commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("verification/", views.verification_queue, name="queue"),
    path("new/<str:source_kind>/<int:pk>/", views.create_from_source, name="create"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/progress/", views.progress_create, name="progress"),
    path("<int:pk>/report/", views.report_completed, name="report"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("extensions/", views.extension_queue, name="extension_queue"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("carry-over/<int:pk>/", views.carry_over_assess, name="carry_over_assess"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
