from django.urls import path

from studies import views

app_name = "studies"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/essays/refresh/", views.plan_refresh_essays, name="plan_refresh_essays"),
    path("<int:plan_pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", views.attendance_edit, name="attendance_edit"),
    path("attendance/", views.attendance_list, name="attendance"),
    path("essays/", views.essay_list, name="essays"),
    path("essays/<int:pk>/", views.essay_detail, name="essay"),
    path("essays/<int:pk>/receive/", views.essay_receive, name="essay_receive"),
    path("essays/<int:pk>/assess/", views.essay_assess, name="essay_assess"),
    path("essays/<int:pk>/file/", views.essay_file, name="essay_file"),
]
