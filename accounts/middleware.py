"""Idle sessions end: after SESSION_IDLE_MINUTES without a request the user is logged out.

The time of the last request is kept in the session (written at most once a
minute, so an active user costs no extra session write per request). The first
request after the limit logs out, keeps the message for the login page and sends
the browser there, back to where it was going after signing in again.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import ngettext

from accounts.addresses import client_address
from audit.context import acting

LAST_SEEN = "last_seen"
# Seconds between two writes of the last request's time.
RESOLUTION = 60


def start_idle_clock(sender, request, user, **kwargs):
    """At login (a signal receiver), so the first pages after it write nothing more to the session."""
    request.session[LAST_SEEN] = int(time.time())


class IdleSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            limit = settings.SESSION_IDLE_MINUTES
            if now - last_seen > limit * 60:
                logout(request)
                messages.warning(
                    request,
                    ngettext(
                        "Your session ended after %(minutes)d minute without activity. Please log in again.",
                        "Your session ended after %(minutes)d minutes without activity. Please log in again.",
                        limit,
                    )
                    % {"minutes": limit},
                )
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(LAST_SEEN, 0) >= RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# The pages a signed-in user reaches before giving a second factor: the factor's own pages, leaving, the language.
SECOND_FACTOR_EXEMPT = frozenset(
    {"two_factor_verify", "two_factor_setup", "logout", "switch_language", "admin:logout", "password_change"}
)


class TwoFactorMiddleware:
    """After the password, the second factor (django-otp; ``OTPMiddleware`` runs before and sets ``is_verified``).

    A user with an enrolled authenticator gives its code (or a backup code)
    before any other page; a user whose role requires a second factor
    (``access.second_factor_required``) and has none enrols first. Everyone
    else goes on: secretaries may enrol, and then give codes too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from accounts import access, services

        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        if request.session.get(services.ENROLLED_KEY):
            return redirect_to_login(request.get_full_path(), "two_factor_verify")
        if access.second_factor_required(user):
            return redirect_to_login(request.get_full_path(), "two_factor_setup")
        return None


class AuditContextMiddleware:
    """Attribute what a request changes to its user, client address and request id (``audit.context``).

    After the authentication middleware, so the user is known; the address is the
    one the lockout believes (``accounts.addresses``), never a spoofed header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        actor = user.get_username() if user else ""
        with acting(actor, user_id=user.pk if user else None, address=client_address(request)):
            return self.get_response(request)
