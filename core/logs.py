"""Logs as one JSON object per line, each with the request id, none with personal data.

``RequestIdMiddleware`` (``core.middleware``) puts the id of the current request
in ``request_id`` (a context variable, so each thread and task sees its own);
``ContextFilter`` copies it onto every record and removes what could identify a
person before anything is written: query strings (a search for a member's name
or citizen ID travels in one) and runs of 9 or 12 digits (identity card and
citizen ID numbers). Paths keep only ids, never names.
"""

import contextvars
import logging
import re

from django.core.signals import request_finished
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

request_id = contextvars.ContextVar("request_id", default=None)


def _forget_request_id(**kwargs):
    request_id.set(None)


request_finished.connect(_forget_request_id, dispatch_uid="core.logs.forget_request_id")

# A query string after a path, up to the next blank or quote: `/members/?q=Nguyễn` → `/members/?…`.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
# Identity card (9 digits) and citizen ID (12 digits) numbers standing alone.
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")


def redact(text):
    return _ID_NUMBER.sub("[number]", _QUERY.sub(r"\1?…", text))


class ContextFilter(logging.Filter):
    """Adds ``request_id`` and replaces the message with its redacted text."""

    def filter(self, record):
        record.request_id = request_id.get()
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        return True


def json_formatter():
    """The JSON formatter of the console handler (``LOGGING``) and of gunicorn's logs."""
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        # Django attaches the request object to its records; its text would carry the query string.
        reserved_attrs=[*RESERVED_ATTRS, "request"],
        json_ensure_ascii=False,
    )
