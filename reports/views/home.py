"""The home page per role: city-level users get the current cycle's overview, secretaries their organizations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from accounts.models import Role
from organizations.models import Organization
from reports import home as home_figures


@login_required
def home(request):
    """City-level users: the current cycle's overview; secretaries: their organizations first, with their figures."""
    user = request.user
    today = timezone.localdate()
    organizations = list(Organization.objects.homes_of(user).order_by("path"))
    context = {"is_city_level": home_figures.is_city_level(user), "home_organizations": organizations}
    if context["is_city_level"]:
        context["overview"] = home_figures.city_overview(user, today)
    elif access.has_role(user, Role.SECRETARY):
        context["secretary"] = home_figures.secretary_overview(user, organizations, today)
    return render(request, "reports/home.html", context)
