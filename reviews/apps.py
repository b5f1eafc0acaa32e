from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from core import lookups
        from core.slots import slot
        from core.summary_tables import register
        from organizations.hooks import tree_moves
        from reviews import member_slots, services, summaries
        from reviews.models import CollectiveReview, IndividualReview, NotReviewedMember

        register(
            summaries.INDIVIDUAL_REVIEWS,
            summaries.INDIVIDUAL_REVIEW_ROLLUP,
            summaries.COLLECTIVE_REVIEW_ROLLUP,
            summaries.NOT_REVIEWED_ROLLUP,
        )
        placed = (CollectiveReview, IndividualReview, NotReviewedMember)
        lookups.register(*(model._meta.get_field("organization_path") for model in placed))
        slot("member.reviews").register(member_slots.leader_reviews)
        # The tree lies below the reviews: a move tells them through its hook (reviews.models.placement).
        tree_moves.register(services.follow_move)
