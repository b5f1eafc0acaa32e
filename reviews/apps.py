from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from core.slots import slot
        from core.summary_tables import register
        from reviews import member_slots, summaries

        register(summaries.INDIVIDUAL_REVIEWS)
        slot("member.reviews").register(member_slots.leader_reviews)
