from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("preferences/", views.preferences, name="preferences"),
    path("schedules/", views.schedule_list, name="schedules"),
    path("schedules/<str:kind>/", views.schedule_edit, name="schedule_edit"),
    path("failed/", views.failed, name="failed"),
]
