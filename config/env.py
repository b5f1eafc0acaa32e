"""Typed readers for environment variables.

Every setting that comes from the environment goes through one of these, so a
malformed value stops the start with ``ImproperlyConfigured`` naming the
variable instead of surfacing later as an obscure error.
"""

import os
import re
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name, default, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value}")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_proxy_ssl_header(name, default=None):
    """Django's ``SECURE_PROXY_SSL_HEADER`` from ``"HEADER,value"`` (``X-Forwarded-Proto,https``).

    The header is given as sent (``X-Forwarded-Proto``) or as Django's META
    key (``HTTP_X_FORWARDED_PROTO``); an empty value turns the proxy header off
    (no TLS proxy in front). Missing: ``default``.
    """
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip():
        return None
    header, _comma, value = (part.strip() for part in raw.partition(","))
    key = header.upper().replace("-", "_")
    if not key.startswith("HTTP_"):
        key = f"HTTP_{key}"
    if not value or not re.fullmatch(r"HTTP_[A-Z0-9_]+", key):
        raise ImproperlyConfigured(f"{name} must be a header and its value, like X-Forwarded-Proto,https; got {raw!r}")
    return key, value


def _without_password(url):
    """``url`` with its password replaced, for error messages that end up in logs."""
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@", 1)
    return url


# The project is tested on these two; another engine would fail later and less clearly.
SUPPORTED_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def env_database(name, default_sqlite_path=None, conn_max_age=0):
    """A Django DATABASES entry from a URL such as postgres://user@host:5432/db.

    Unset, it is SQLite at ``default_sqlite_path``, or None without one. Connections
    live ``conn_max_age`` seconds (0: closed after each request) and are checked
    before reuse.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        if default_sqlite_path is None:
            return None
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite_path)}
    shown = _without_password(raw)
    try:
        config = dj_database_url.parse(raw, conn_max_age=conn_max_age, conn_health_checks=True)
    except Exception:  # the library raises several kinds for bad URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {shown!r}") from None
    if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:// URL, got {shown!r}")
    if config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, got {shown!r}")
    return config


def env_redis_url(name):
    """A redis:// URL, or "" when unset. The scheme and host are checked."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parsed = urlparse(raw)
    shown = _without_password(raw)
    try:
        parsed.port  # noqa: B018 - evaluating it validates the port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {shown!r}") from None
    database = parsed.path.lstrip("/")
    if parsed.scheme not in {"redis", "rediss"} or not parsed.hostname or (database and not database.isdigit()):
        raise ImproperlyConfigured(f"{name} must look like redis://host:6379/0, got {shown!r}")
    return raw
