from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Remediation commitments")

    def ready(self):
        # Reviews lie below commitments: they learn of carry-over and the top-level rule only through their hooks.
        from accounts.hooks import navigation_counts
        from commitments import services, slots
        from core.slots import slot
        from organizations.hooks import Holding, closing_holdings
        from reviews import hooks

        hooks.cycle_opened.register(services.carry_over)
        hooks.top_level_barriers.register(services.blocks_top_level)
        # Their pages show section III and the button to create commitments from a conclusion.
        slot("review.section_iii").register(slots.carry_over_section)
        slot("conclusion.actions").register(slots.create_button)
        # The header shows the deciders how many extension requests wait for them.
        navigation_counts.register(services.pending_extension_count)
        # An organization that ends hands its open commitments to its successor (organizations lie below).
        closing_holdings.register(
            Holding(
                name="commitments",
                label=_("Commitment"),
                holds=services.holds_open_commitments,
                items=services.open_commitments_held,
                transfer=services.hand_over_commitments,
            )
        )
