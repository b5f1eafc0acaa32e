"""The language switcher and the password reset (the home page is in reports, where its figures are)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.emails import link_context


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with the mail's link on ``SITE_URL`` (https behind the TLS proxy), not the request's host."""

    @property
    def extra_email_context(self):
        return link_context()


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
