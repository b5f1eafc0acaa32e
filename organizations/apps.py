from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Party organizations")

    def ready(self):
        from core.summary_tables import register
        from organizations import summaries

        register(summaries.ORGANIZATION_ROLLUP)
