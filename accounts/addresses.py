"""The client's address, as the lockout and the login history record it.

Behind ``TRUSTED_PROXY_COUNT`` proxies (nginx sets ``X-Forwarded-For`` to
``$proxy_add_x_forwarded_for``: what the client sent, then the address nginx
saw), the client is the entry that many places from the right; anything to its
left was written by the client and is ignored. Without a proxy the header is
ignored altogether. ipware's ``proxy_count`` counts from the left, which a
client can pad, so this small rule is kept here instead.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request):
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote
