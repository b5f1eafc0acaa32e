"""What reviews adds to the member page (the slot ``member.reviews``, registered in ``apps.py``).

Members lie below reviews: the member page names the slot, and this renders the member's reviews at the
leadership collectives they sat in, each with the linked review at their chi bộ, within the reader's reach.
"""

from django.template.loader import render_to_string

from accounts import access
from reviews.models import LeaderReview


def leader_reviews(context, member):
    user = context["request"].user
    reviews = access.scope(LeaderReview.objects.filter(member=member), user).select_related(
        "cycle", "leadership_review__body", "branch_review"
    )
    rows = list(reviews.order_by("-cycle__year", "-cycle__pk", "pk"))
    return render_to_string("reviews/includes/_member_leader_reviews.html", {"rows": rows}, request=context["request"])
