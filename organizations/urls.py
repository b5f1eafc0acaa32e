from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("lookup/", views.organization_lookup, name="lookup"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/new/", views.organization_create, name="create"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/close/", views.organization_close, name="close"),
]
