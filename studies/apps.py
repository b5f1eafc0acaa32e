from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    name = "studies"
    verbose_name = _("Resolution study")

    def ready(self):
        # Reviews lie below studies: their pages show the study record through a slot, and the edit
        # page of an empty section asks the hook what to start it with.
        from core.slots import slot
        from organizations.hooks import Holding, closing_holdings
        from reviews import hooks
        from studies import services, slots

        slot("review.study").register(slots.study_record)
        hooks.section_prefills.register(slots.section_prefill)
        # An organization that ends hands the essays still owed there to its successor (organizations lie below).
        closing_holdings.register(
            Holding(
                name="essays",
                label=_("Study essay owed"),
                holds=services.holds_owed_essays,
                items=services.owed_essays_held,
                transfer=services.hand_over_essays,
            )
        )
