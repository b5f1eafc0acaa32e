"""Root URLs: each app mounts its own ``urls.py`` under a prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", include("operations.urls")),
    path("", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("reviews/", include("reviews.urls")),
    path("documents/", include("documents.urls")),
    path("directives/", include("directives.urls")),
    path("commitments/", include("commitments.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
]
