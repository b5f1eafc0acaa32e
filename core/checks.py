"""Deploy checks of core (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    """Links in mail (password reset, reminders) are built on SITE_URL: in production they must be https://."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails (password reset, reminders) would not be https://.",
            hint="Set SITE_URL to the public https:// address of the site.",
            id="core.W001",
        )
    ]
