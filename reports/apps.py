from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Each app may register its exports in its own ``exports.py``; reports registers
        # the organization and member exports until those apps own theirs.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")
