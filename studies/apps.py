from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    name = "studies"
    verbose_name = _("Resolution study")

    def ready(self):
        # Reviews lie below studies: their pages show the study record through a slot, and the edit
        # page of an empty section asks the hook what to start it with.
        from core.slots import slot
        from reviews import hooks
        from studies import slots

        slot("review.study").register(slots.study_record)
        hooks.section_prefills.register(slots.section_prefill)
