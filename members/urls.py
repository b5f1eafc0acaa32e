from django.urls import path

from members import leadership_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("lookup/", views.member_lookup, name="lookup"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("new/in/<int:organization_pk>/", views.member_create, name="create"),
    path("leadership/in/<int:organization_pk>/", leadership_views.body_list, name="bodies"),
    path("leadership/new/in/<int:organization_pk>/", leadership_views.body_create, name="body_create"),
    path("leadership/<int:pk>/", leadership_views.body_detail, name="body_detail"),
    path("leadership/<int:pk>/edit/", leadership_views.body_edit, name="body_edit"),
    path("leadership/<int:pk>/seats/new/", leadership_views.seat_add, name="seat_add"),
    path("leadership/seats/<int:pk>/edit/", leadership_views.seat_edit, name="seat_edit"),
    path("leadership/seats/<int:pk>/end/", leadership_views.seat_end, name="seat_end"),
]
