from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperworkConfig(AppConfig):
    name = "paperwork"
    verbose_name = _("Printed documents")

    def ready(self):
        # The pages that show what can be printed lie below paperwork: they name slots that it fills.
        from core.slots import slot
        from paperwork import slots

        slot("review.documents").register(slots.review_documents)
        slot("directive.documents").register(slots.directive_documents)
        slot("explanation.documents").register(slots.explanation_documents)
        slot("cycle_report.documents").register(slots.cycle_report_documents)
