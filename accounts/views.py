"""Home page per role and the language switcher."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import access
from accounts import home as home_figures
from accounts.models import Role


@login_required
def home(request):
    """City-level users: the current cycle's overview; secretaries: their organizations first, with their figures."""
    user = request.user
    today = timezone.localdate()
    organizations = list(access.home_organizations(user).order_by("path"))
    context = {"is_city_level": home_figures.is_city_level(user), "home_organizations": organizations}
    if context["is_city_level"]:
        context["overview"] = home_figures.city_overview(user, today)
    elif access.has_role(user, Role.SECRETARY):
        context["secretary"] = home_figures.secretary_overview(user, organizations, today)
    return render(request, "accounts/home.html", context)


@require_POST
def switch_language(request):
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response
