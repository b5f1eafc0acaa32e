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

track(RuleSet)
track(Manifestation)
track(ReviewCycle, organization="organization")
track(NotReviewedMember, organization="organization", parent="cycle")
track(CollectiveReview, organization="organization", labels=LEVEL_NAMES)
track(MeetingRecord, organization="review__organization", parent="review")
track(IndividualReview, organization="organization", labels=LEVEL_NAMES)
track(ManifestationAnswer, organization="review__organization", parent="review")
track(LeadershipReview, organization="organization")
track(LeaderReview, organization="organization", parent="leadership_review")
