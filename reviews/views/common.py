"""What the review views share: loading a review of either kind, and who may act on it."""

from django.db.models import Q
from django.http import Http404

from accounts import access
from reviews.models import CollectiveReview, IndividualReview, ReviewCycle

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
}

# Which permission each workflow action needs.
ACTION_PERMISSION = {"submit": "edit", "return": "accept", "accept": "accept", "reopen": "accept"}


def kind_of(kind):
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404 from None


def load_review(user, kind, pk):
    """The review of ``kind`` the user may see, or 404."""
    model = kind_of(kind)["model"]
    related = ["cycle", "organization"] + (["member"] if model is IndividualReview else [])
    return access.get_or_404(model.objects.select_related(*related), user, pk=pk)


def can_anywhere(user, permission):
    """Whether the user holds ``permission`` through any role (for data that belongs to no organization)."""
    granted = access.PERMISSIONS[permission]
    return user.is_superuser or bool(access.roles_of(user) & granted)


def visible_cycles(user):
    """Cycles of a committee the user is under or above, and cycles over every organization."""
    cycles = ReviewCycle.objects.select_related("rule_set", "organization")
    if user.is_superuser:
        return cycles
    paths = access.reach_paths(user)
    if not paths:
        return cycles.none()
    condition = Q(organization__isnull=True)
    for path in paths:
        segments = path.split(".")[:-1]
        ancestors = [".".join(segments[: i + 1]) + "." for i in range(len(segments))]
        condition |= Q(organization__path__in=ancestors) | Q(organization__path__startswith=path)
    return cycles.filter(condition)


def get_cycle_or_404(user, pk):
    try:
        return visible_cycles(user).get(pk=pk)
    except ReviewCycle.DoesNotExist:
        raise Http404 from None
