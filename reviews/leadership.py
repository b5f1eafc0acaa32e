"""Leadership collectives in a cycle: their reviews, each leader's review there, and the link with the chi bộ.

A leader is reviewed in two places (Hướng dẫn 43-HD/BTCTW §2: "ở chi bộ nơi sinh hoạt và tập thể lãnh đạo,
quản lý nơi làm việc"). Which place goes first is the rule set's ``leader_review_order``:

* collective first (the older regimes, as the product was asked; not found in their texts, configurable):
  the chi bộ reviews the leader with the collective's comments, so the chi bộ review cannot be accepted
  before the collective has written them;
* chi bộ first (Hướng dẫn 43 §2, order of review, as thuviennhadat.vn summarises it: a leader at the chi bộ
  first, then at the leadership collective): the collective reviews the leader with the chi bộ's review, so
  the review at the collective cannot be accepted before the chi bộ review is.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.workflow import SubmissionAction, SubmissionStatus
from members.models import LeadershipBody
from reviews.models import IndividualReview, LeaderReview, LeadershipReview


def bodies_of(cycle):
    """The leadership collectives a cycle reviews: its committee's own and those of the organizations under it."""
    bodies = LeadershipBody.objects.select_related("organization").order_by("pk")
    if cycle.organization_id:
        bodies = bodies.filter(organization__path__startswith=cycle.organization.path)
    return bodies.filter(
        Q(organization__valid_from__lte=cycle.reference_date),
        Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gt=cycle.reference_date),
    )


def open_for(cycle):
    """Create the reviews of every leadership collective of ``cycle`` and of each member seated on its reference
    date who is reviewed in the cycle, linked to that member's review at the chi bộ."""
    reference = cycle.reference_date
    leaders = []
    for body in bodies_of(cycle):
        review = LeadershipReview.objects.create(cycle=cycle, body=body, organization=body.organization)
        for seat in body.seats_on(reference):
            if not seat.member.eligible_for_review(reference):
                continue  # listed among the members not reviewed, with the reason, where they are active
            leaders.append((review, seat))
    member_ids = {seat.member_id for _review, seat in leaders}
    branch_reviews = dict(
        IndividualReview.objects.filter(cycle=cycle, member_id__in=member_ids).values_list("member_id", "pk")
    )
    LeaderReview.objects.bulk_create(
        [
            LeaderReview(
                leadership_review=review,
                cycle=cycle,
                organization_id=review.organization_id,
                member_id=seat.member_id,
                title=seat.title,
                position=seat.position,
                branch_review_id=branch_reviews.get(seat.member_id),
            )
            for review, seat in leaders
        ]
    )


def check_step(review, action):
    """Refuse accepting one of a leader's two reviews before the other place has said what the rules ask."""
    if action != SubmissionAction.ACCEPT:
        return
    if isinstance(review, IndividualReview) and review.cycle.rules.collective_first:
        waiting = [
            leader
            for leader in review.leader_reviews.select_related("leadership_review__body")
            if not leader.collective_comments.strip()
        ]
        if waiting:
            raise DomainError(
                _(
                    "The chi bộ reviews this comrade with the comments of the leadership collective (%(body)s), "
                    "which are not written yet: accept this review once they are."
                )
                % {"body": ", ".join(leader.leadership_review.body.name for leader in waiting)}
            )
    if isinstance(review, LeaderReview) and not review.cycle.rules.collective_first:
        # read now, not from a cached relation: the chi bộ may have accepted since this object was loaded
        branch = IndividualReview.objects.select_related("organization").filter(pk=review.branch_review_id).first()
        if branch is not None and branch.status != SubmissionStatus.ACCEPTED:
            raise DomainError(
                _(
                    "Under this cycle's rules the comrade is reviewed at the chi bộ first: accept this review once "
                    "the review at %(branch)s is accepted."
                )
                % {"branch": branch.organization.name}
            )


def collective_comments_for(review):
    """The leadership collectives' reviews of the member of an individual review (to show at the chi bộ)."""
    return list(review.leader_reviews.select_related("leadership_review__body").order_by("position"))


@transaction.atomic
def record_delegation(review, form):
    """Save the meeting date and the upper level's delegation; refused if someone saved them since the form opened."""
    from reviews.services import check_meeting_date  # services opens cycles through this module

    if form.edit_lock is not None:
        form.edit_lock.check(LeadershipReview, pk=review.pk)
    if form.cleaned_data.get("held_on"):
        check_meeting_date(review.cycle, form.cleaned_data["held_on"])
    return form.save()
