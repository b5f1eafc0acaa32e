from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/new/", views.upload, name="upload"),
    path("<str:kind>/template.xlsx", views.template_download, name="template"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch_status"),
    path("batches/<int:pk>/confirm/", views.batch_confirm, name="confirm"),
    path("batches/<int:pk>/check-again/", views.batch_check_again, name="check_again"),
    path("secretaries/", views.secretaries, name="secretaries"),
]
