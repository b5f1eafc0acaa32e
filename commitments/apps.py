from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Remediation commitments")

    def ready(self):
        # Reviews lie below commitments: they learn of carry-over and the top-level rule only through their hooks.
        from commitments import services
        from reviews import hooks

        hooks.cycle_opened.register(services.carry_over)
        hooks.top_level_barriers.register(services.blocks_top_level)
