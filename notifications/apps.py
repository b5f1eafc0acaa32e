from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications.providers import registry

        # Each app declares its deadlines in <app>/reminders.py (see notifications.providers).
        registry.autodiscover()
