"""Root URLs: each app mounts its own ``urls.py`` under a prefix."""

from django.contrib import admin
from django.urls import include, path

from reports.views import home

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", home, name="home"),
    path("health/", include("operations.urls")),
    path("", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("reviews/", include("reviews.urls")),
    path("documents/", include("documents.urls")),
    path("directives/", include("directives.urls")),
    path("studies/", include("studies.urls")),
    path("commitments/", include("commitments.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("paperwork/", include("paperwork.urls")),
    path("imports/", include("imports.urls")),
]
