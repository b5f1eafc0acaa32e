from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("lookup/", views.member_lookup, name="lookup"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("new/in/<int:organization_pk>/", views.member_create, name="create"),
]
