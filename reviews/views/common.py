"""What the review views share: loading a review of either kind, and who may act on it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import access
from organizations import lineage
from reviews.models import CollectiveReview, IndividualReview, LeaderReview, LeadershipReview, ReviewCycle
from reviews.models.placement import PlacedRecord, cycle_date

# Per kind of review: the model and the permission of each step.
KINDS = {
    "collective": {
        "model": CollectiveReview,
        "edit": "review.edit",
        "accept": "review.accept",
        "propose": "review.propose",
        "decide": "review.decide",
        "detail": "reviews:collective_detail",
    },
    "individual": {
        "model": IndividualReview,
        "edit": "review.edit",
        "accept": "review.accept_member",
        "propose": "review.propose_member",
        "decide": "review.decide_member",
        "detail": "reviews:individual_detail",
    },
    # A leadership collective and each leader there: reviewed, not rated here (no rating pages).
    "leadership": {
        "model": LeadershipReview,
        "edit": "review.edit",
        "accept": "review.accept",
        "detail": "reviews:leadership_detail",
        "rated": False,
    },
    "leader": {
        "model": LeaderReview,
        "edit": "review.edit",
        "accept": "review.accept",
        "detail": "reviews:leader_detail",
        "rated": False,
    },
}

# Which permission each workflow action needs.
ACTION_PERMISSION = {"submit": "edit", "return": "accept", "accept": "accept", "reopen": "accept"}


def kind_of(kind):
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404 from None


def load_review(user, kind, pk, named=True, related=()):
    """The review of ``kind`` the user may see, or 404.

    ``named``: its organization's name then is read here (``name_then``); a page that names other rows too
    (its members, its leaders' cells) passes False and names them all with the review in its one query, and an
    action that only redirects names nothing. ``related``: more rows the page shows, read in the same query.
    """
    model = kind_of(kind)["model"]
    related = ["cycle", "organization", *related] + (["member"] if model in (IndividualReview, LeaderReview) else [])
    review = access.get_or_404(model.objects.select_related(*related), user, pk=pk)
    return name_then(review) if named else review


def name_then(review):
    """``review`` with its organization's name on the cycle's date, read once (a page names it thrice)."""
    if isinstance(review, PlacedRecord):
        lineage.attach_names_then([review], cycle_date)
    return review


def get_cycle_or_404(user, pk):
    return get_object_or_404(ReviewCycle.objects.visible_to(user), pk=pk)
