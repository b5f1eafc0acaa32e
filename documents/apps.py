from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Directing documents")

    def ready(self):
        # The tree lies below the register: an event's legal basis finds its document through this hook.
        from documents import services
        from organizations.hooks import basis_links

        basis_links.register(services.event_basis_links)
