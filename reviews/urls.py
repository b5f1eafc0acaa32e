from django.urls import path

from reviews.views import catalogue, collective, cycles, editing, individual, leadership, rating, workflow

app_name = "reviews"
urlpatterns = [
    path("", cycles.cycle_list, name="cycle_list"),
    path("cycles/open/", cycles.cycle_open, name="cycle_open"),
    path("cycles/<int:pk>/", cycles.cycle_board, name="cycle_board"),
    path("cycles/<int:pk>/not-reviewed/", cycles.not_reviewed_list, name="not_reviewed"),
    path("collective/<int:pk>/", collective.collective_detail, name="collective_detail"),
    path("collective/<int:pk>/edit/", editing.edit_sections, {"kind": "collective"}, name="collective_edit"),
    path("collective/<int:pk>/copy-previous/", editing.copy_previous, name="copy_previous"),
    path("collective/<int:pk>/meeting/", collective.meeting_record, name="meeting"),
    path("individual/<int:pk>/", individual.individual_detail, name="individual_detail"),
    path("individual/<int:pk>/edit/", editing.edit_sections, {"kind": "individual"}, name="individual_edit"),
    path("individual/<int:pk>/conclusion/", individual.conclusion, name="conclusion"),
    path("cycles/<int:pk>/leadership/", leadership.leadership_list, name="leadership_list"),
    path("leadership/<int:pk>/", leadership.leadership_detail, name="leadership_detail"),
    path("leadership/<int:pk>/edit/", editing.edit_sections, {"kind": "leadership"}, name="leadership_edit"),
    path("leadership/<int:pk>/delegation/", leadership.delegation, name="delegation"),
    path("leader/<int:pk>/", leadership.leader_detail, name="leader_detail"),
    path("leader/<int:pk>/edit/", editing.edit_sections, {"kind": "leader"}, name="leader_edit"),
    path("<str:kind>/<int:pk>/return/", workflow.return_review, name="return"),
    path("<str:kind>/<int:pk>/history/", workflow.history, name="history"),
    path("<str:kind>/<int:pk>/rating/", rating.rate, name="rate"),
    path("<str:kind>/<int:pk>/rating/<str:step>/", rating.rate, name="rate_step"),
    path("<str:kind>/<int:pk>/<str:action>/", workflow.act, name="act"),
    path("rule-sets/", catalogue.ruleset_list, name="ruleset_list"),
    path("rule-sets/<int:pk>/", catalogue.ruleset_edit, name="ruleset_edit"),
    path("manifestations/", catalogue.manifestation_list, name="manifestation_list"),
    path("manifestations/<int:pk>/", catalogue.manifestation_edit, name="manifestation_edit"),
]
