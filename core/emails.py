"""The one helper that turns a template triple into an email.

An email named ``<prefix>`` is three templates: ``<prefix>_subject.txt`` (one
line; newlines are folded), ``<prefix>_body.txt`` and ``<prefix>_body.html``.
They are rendered in the recipient's language, so dates come out dd/mm/yyyy
and strings in Vietnamese or English; Django encodes the message as UTF-8 (the
subject as an RFC 2047 encoded word). Subjects must not carry personal data of
members: put names in the body only.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def render_email(prefix, context, language=None):
    """``(subject, text, html)`` of the template triple ``prefix`` in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
        text = render_to_string(f"{prefix}_body.txt", context)
        html = render_to_string(f"{prefix}_body.html", context)
    return subject, text, html


def build_email(prefix, context, to, language=None, from_email=None, headers=None):
    """An ``EmailMultiAlternatives`` (plain text with an HTML alternative), not yet sent."""
    subject, text, html = render_email(prefix, context, language)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def absolute_url(path):
    """``path`` on the site as people reach it (``SITE_URL``): links in emails leave the request behind."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def link_context():
    """``protocol`` and ``domain`` of ``SITE_URL`` for Django's account emails (the password reset link).

    The link is built like ``absolute_url``, from the configured address, not
    from the request: behind a TLS proxy it is ``https://`` and a forged
    ``Host`` header cannot point it elsewhere.
    """
    parts = urlsplit(settings.SITE_URL)
    return {"protocol": parts.scheme or "https", "domain": parts.netloc}


class UnsentBackend(BaseEmailBackend):
    """The mail backend without a mail server when DEBUG is off: nothing is sent and nothing of the mail is logged.

    The console backend prints whole messages, password reset links included,
    into the service's log; that is for development only (``DEBUG``). Here the
    log says that mail is not configured, with the number of recipients only.
    """

    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning(
                "Mail not sent: EMAIL_HOST is not set (%d recipients)", len(message.recipients()), extra={"unsent": 1}
            )
        return 0
