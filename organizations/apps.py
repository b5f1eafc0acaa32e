from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Party organizations")

    def ready(self):
        from core import lookups
        from core.summary_tables import register
        from organizations import summaries
        from organizations.models import Organization, PriorState

        register(summaries.ORGANIZATION_ROLLUP)
        lookups.register(Organization._meta.get_field("path"), PriorState._meta.get_field("path"))
