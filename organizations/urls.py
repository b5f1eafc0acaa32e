from django.urls import path

from organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("lookup/", views.organization_lookup, name="lookup"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/history/", views.organization_history, name="history"),
    path("<int:pk>/new/", views.organization_create, name="create"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/close/", views.organization_close, name="close"),
    path("<int:pk>/merge/", views.organization_merge, name="merge"),
    path("<int:pk>/split/", views.organization_split, name="split"),
    path("<int:pk>/rename/", views.organization_rename, name="rename"),
    path("<int:pk>/move/", views.organization_move, name="move"),
]
