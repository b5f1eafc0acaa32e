"""The language switcher and sign-in protection: lockout page, second factor, login history, unlocking.

The home page is in reports, where its figures are.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import access, services
from accounts.forms import CodeForm, LoginHistoryFilterForm, UnlockForm
from accounts.models import LoginEvent, LoginOutcome
from core import lists
from core.emails import link_context
from core.views import perform, perform_action


def _next_url(request, default="/"):
    next_url = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return default
    return next_url


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with the mail's link on ``SITE_URL`` (https behind the TLS proxy), not the request's host."""

    @property
    def extra_email_context(self):
        return link_context()


@require_POST
def switch_language(request):
    language = request.POST.get("language")
    response = HttpResponseRedirect(_next_url(request))
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes answers to a locked-out account or address (``AXES_LOCKOUT_CALLABLE``), admin login too."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


# ---------------------------------------------------------------- second factor


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app (QR code, first code), then see the backup codes once; or renew them."""
    user = request.user
    if services.has_second_factor(user):
        return _two_factor_status(request)
    device = services.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = perform(form, lambda: services.confirm_totp(user, device, form.cleaned_data["code"]))
        if done:
            otp_login(request, device)
            request.session[services.ENROLLED_KEY] = True
            services.record_login(request, LoginOutcome.CODE_ACCEPTED, user=user)
            return render(request, "accounts/backup_codes.html", {"codes": done.result, "next": _next_url(request)})
    context = {
        "form": form,
        "qr": services.qr_svg_data_uri(device.config_url),
        "secret": services.secret_base32(device),
        "required": access.second_factor_required(user),
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _two_factor_status(request):
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect("two_factor_verify")
        if done := perform_action(request, lambda: services.new_backup_codes(request.user)):
            return render(request, "accounts/backup_codes.html", {"codes": done.result, "next": ""})
    return render(request, "accounts/two_factor_status.html", {"codes_left": services.backup_codes_left(request.user)})


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app or a backup code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Not through perform(): a wrong code must still count towards the device's throttling.
        device = services.check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            services.record_login(request, LoginOutcome.CODE_ACCEPTED, user=request.user)
            return redirect(_next_url(request))
        services.record_login(request, LoginOutcome.CODE_REFUSED, user=request.user)
        form.add_error("code", _("This code is not right, or was already used. Wait for the next code and try again."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request, "")})


# ---------------------------------------------------------------- login history and lockouts


@login_required
def login_history(request):
    """The signed-in user's own sign-ins: time, address, outcome."""
    events = LoginEvent.objects.filter(user=request.user)
    context = {"page_obj": lists.paginate(request, events), "own": True}
    return render(request, "accounts/login_history.html", context)


@login_required
def login_history_all(request):
    """Every account's sign-ins, for city staff: filtered by user name and outcome."""
    access.require_anywhere(request.user, "account.view_logins")
    filters = LoginHistoryFilterForm(request.GET)
    events = filters.filter(LoginEvent.objects.select_related("user"))
    context = {"page_obj": lists.paginate(request, events), "filters": filters, "own": False}
    return render(request, "accounts/login_history.html", context)


@login_required
def lockouts(request):
    """The accounts and addresses locked out now, each with its unlock button (city staff)."""
    access.require_anywhere(request.user, "account.unlock")
    accounts, addresses = services.lockouts()
    context = {"accounts": accounts, "addresses": addresses, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/lockouts.html", context)


@login_required
@require_POST
def unlock(request):
    access.require_anywhere(request.user, "account.unlock")
    form = UnlockForm(request.POST)
    step = lambda: services.unlock(**form.cleaned_data)  # noqa: E731
    if perform_action(request, step, form):
        messages.success(request, _("Unlocked: the next sign-in is allowed."))
    return redirect("lockouts")
