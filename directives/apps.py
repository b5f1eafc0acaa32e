from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = _("In-depth review directives")

    def ready(self):
        # The document register lies below directives: its pages learn of them only through its hooks.
        from directives import services
        from documents.hooks import RelatedList, related_lists

        related_lists.register(RelatedList(_("Directives governed"), services.governed_by))
