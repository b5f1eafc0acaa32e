"""What the audit trail follows in this app (audit.registry): cycles, rule sets, reviews and their parts."""

from audit.registry import track
from reviews.models import (
    CollectiveReview,
    IndividualReview,
    LeaderReview,
    LeadershipReview,
    Manifestation,
    ManifestationAnswer,
    MeetingRecord,
    NotReviewedMember,
    ReviewCycle,
    RuleSet,
)


def level_names():
    """{level code: name} over every rule set: the trail shows "Hoàn thành tốt nhiệm vụ", not "httnv"."""
    names = {}
    for data in RuleSet.objects.values_list("organization_levels", "member_levels"):
        for levels in data:
            names.update((level["code"], level["label"]) for level in levels or [])
    return names


LEVEL_NAMES = {field: level_names for field in ("self_level", "proposed_level", "decided_level")}
# A record's stored place only mirrors its organization's place in the tree on the cycle's reference
# date (``reviews.models.placement``), as the organizations' own path mirrors their superior. A
# restructuring rewrites it for every record of the moved sub-trees at once (``services.follow_move``:
# a district's move, 9,000 reviews), and what happened is recorded once where it was decided: the
# event with its legal basis, the changed superior, a ``PriorState`` per organization moved. An audit
# row per record would say the same thing thousands of times and make the move slow; so an UPDATE
# that changes only this column records nothing, and any other change of the record still does.
STORED_PLACE = ("organization_path",)

track(RuleSet)
track(Manifestation)
track(ReviewCycle, organization="organization")
track(NotReviewedMember, organization="organization", parent="cycle", exclude=STORED_PLACE)
track(CollectiveReview, organization="organization", labels=LEVEL_NAMES, exclude=STORED_PLACE)
track(MeetingRecord, organization="review__organization", parent="review")
track(IndividualReview, organization="organization", labels=LEVEL_NAMES, exclude=STORED_PLACE)
track(ManifestationAnswer, organization="review__organization", parent="review")
track(LeadershipReview, organization="organization")
track(LeaderReview, organization="organization", parent="leadership_review")
