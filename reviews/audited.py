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

track(RuleSet)
track(Manifestation)
track(ReviewCycle, organization="organization")
track(NotReviewedMember, organization="organization", parent="cycle")
track(CollectiveReview, organization="organization")
track(MeetingRecord, organization="review__organization", parent="review")
track(IndividualReview, organization="organization")
track(ManifestationAnswer, organization="review__organization", parent="review")
track(LeadershipReview, organization="organization")
track(LeaderReview, organization="organization", parent="leadership_review")
