from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("In-depth review directives")

    def ready(self):
        # The document register lies below directives: its pages learn of them only through its hooks.
        from directives import services
        from documents.hooks import RelatedList, related_lists
        from organizations.hooks import Holding, closing_holdings

        related_lists.register(RelatedList(_("Directives governed"), services.governed_by))
        # An organization that ends hands the explanations it still owes to its successor (organizations lie below).
        closing_holdings.register(
            Holding(
                name="directives",
                label=_("Directive awaiting an explanation"),
                holds=services.holds_open_targets,
                items=services.open_targets_held,
                transfer=services.hand_over_targets,
            )
        )
