"""Middleware shared by the whole site."""

import re
import uuid

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from core import logs

# What an id from the proxy may look like (nginx's $request_id is 32 hex digits); anything else is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class IgnoreBrowserLanguageMiddleware:
    """Drop Accept-Language so the interface is Vietnamese unless the user chose English.

    Many officials' browsers are set to English; the product's language is
    Vietnamese, and the language switcher's cookie is the only way to change it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestIdMiddleware:
    """Give each request an id, taken from nginx's X-Request-ID or made here, for the logs and the response.

    The id is in every log line written while the request runs (``core.logs``) and in
    the X-Request-ID response header, so a report from a user can be matched to the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        value = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Cleared when the response is closed (core.logs), not here: Django logs a 4xx or
        # 5xx after the middleware has returned.
        logs.request_id.set(value)
        response = self.get_response(request)
        response["X-Request-ID"] = value
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body over ``MAX_REQUEST_SIZE`` from its Content-Length, before a byte of it is read.

    nginx's ``client_max_body_size`` is the same limit (deploy/nginx); this is
    the same rule for the web nodes reached without it (the development
    server, a monitor's direct call). It runs before the CSRF check, which
    would read the whole body to find its token. The answer is a 413 page
    saying what the limit is; Django's DATA_UPLOAD_MAX_MEMORY_SIZE still caps
    the form fields, and files over FILE_UPLOAD_MAX_MEMORY_SIZE go to disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a usable length either
        limit = settings.MAX_REQUEST_SIZE
        if length <= limit:
            return self.get_response(request)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = "/"
        context = {"size": filesizeformat(length), "limit": filesizeformat(limit), "back": back}
        return render(request, "core/request_too_large.html", context, status=413)


class FriendlyNotFoundMiddleware:
    """With DEBUG on, answer a 404 with the site's own page instead of Django's technical one.

    `make run` serves with DEBUG on, and Django's technical 404 lists every URL
    pattern of the site to whoever mistypes an address. With DEBUG off, Django
    renders templates/404.html itself, and this middleware does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
            return defaults.page_not_found(request, Http404())
        return response
