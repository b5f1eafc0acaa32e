"""The URL of a page with GET filters: what every counted number links to.

A figures page links each number to the list it counts (``list_url("members:list",
status="active")``): the study plan's page builds 850 such links at the top of a
province, the dashboard 250. ``reverse()`` walks the URL patterns every time
(about 30 µs), so each name and positional arguments are reversed once per process
and the filters appended to the result.
"""

import re
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What ``urlencode`` leaves as it is (``quote_plus``'s always-safe characters): most filters are ids and codes.
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]+")


@lru_cache(maxsize=4096)  # names times the pks of detail pages: bounded, and a miss only costs a reverse()
def _reversed(urlconf, script_prefix, name, args):
    # The key holds what reverse() reads besides its arguments: the URL patterns in use and the prefix the
    # site is mounted under (both set per request or per test). The patterns have no translated parts.
    return reverse(name, urlconf=urlconf, args=args)


def list_url(name, *args, **params):
    """The URL of ``name`` (with ``args``) and ``params`` as its GET filters; empty values are left out."""
    return _with_filters(_base(name, args), params)


def linker(name, *args):
    """``list_url`` of one page as a function of the filters, for the links of a long table.

    Reading the URL patterns and the prefix in use (request-local values) was half of each
    ``list_url``: the study plan's 850 links at the top of a province read them once a page this way.
    """
    base = _base(name, args)
    return lambda **params: _with_filters(base, params)


def _base(name, args):
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


def _with_filters(base, params):
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{base}?{_query(params)}" if params else base


def _query(params):
    """``urlencode(params)``, a quarter of its time when every key and value is plain (no quoting)."""
    pairs = []
    for key, value in params.items():
        value = str(value)
        if not (_PLAIN.fullmatch(key) and _PLAIN.fullmatch(value)):
            return urlencode(params)
        pairs.append(f"{key}={value}")
    return "&".join(pairs)
