from django.urls import path

from directives.views import directives, explanations

app_name = "directives"
urlpatterns = [
    path("", directives.directive_list, name="list"),
    path("new/", directives.directive_propose, name="propose"),
    path("<int:pk>/", directives.directive_detail, name="detail"),
    path("<int:pk>/edit/", directives.directive_edit, name="edit"),
    path("<int:pk>/issue/", directives.directive_issue, name="issue"),
    path("<int:pk>/revoke/", directives.directive_revoke, name="revoke"),
    path("cycles/<int:cycle_pk>/", directives.cycle_overview, name="overview"),
    path("catalogue/", directives.catalogue, name="catalogue"),
    path("catalogue/new/", directives.catalogue_edit, name="catalogue_create"),
    path("catalogue/<int:pk>/edit/", directives.catalogue_edit, name="catalogue_edit"),
    path("reports/<int:pk>/", explanations.report_detail, name="report"),
    path("reports/<int:pk>/return/", explanations.report_return, name="report_return"),
    path("reports/<int:pk>/accept/", explanations.report_accept, name="report_accept"),
    path("reports/<int:pk>/conclude/", explanations.report_conclude, name="report_conclude"),
]
