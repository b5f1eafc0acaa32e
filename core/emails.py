"""The one helper that turns a template triple into an email.

An email named ``<prefix>`` is three templates: ``<prefix>_subject.txt`` (one
line; newlines are folded), ``<prefix>_body.txt`` and ``<prefix>_body.html``.
They are rendered in the recipient's language, so dates come out dd/mm/yyyy
and strings in Vietnamese or English; Django encodes the message as UTF-8 (the
subject as an RFC 2047 encoded word). Subjects must not carry personal data of
members: put names in the body only.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


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
