from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the product as a service: health checks, beat's heartbeat, backups and restores."""

    name = "operations"
    verbose_name = _("Operations")
