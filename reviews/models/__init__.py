"""Annual review cycles, the rule sets they follow, collective and individual reviews."""

from reviews.models.collective import CollectiveReview, MeetingRecord
from reviews.models.cycles import CycleKind, CycleStatus, NotReviewedMember, ReviewCycle
from reviews.models.individual import IndividualReview, ManifestationAnswer
from reviews.models.leadership import LeaderReview, LeadershipReview
from reviews.models.rating import MEMBER_DISCIPLINES, ORGANIZATION_DISCIPLINES, Discipline, RatingStep, ReviewStatus
from reviews.models.rulesets import LeaderReviewOrder, Manifestation, ManifestationGroup, RuleSet
from reviews.models.summaries import (
    CollectiveReviewRollup,
    IndividualReviewCount,
    IndividualReviewRollup,
    NotReviewedRollup,
)

__all__ = [
    "CollectiveReview",
    "CollectiveReviewRollup",
    "CycleKind",
    "CycleStatus",
    "Discipline",
    "MEMBER_DISCIPLINES",
    "ORGANIZATION_DISCIPLINES",
    "IndividualReview",
    "IndividualReviewCount",
    "IndividualReviewRollup",
    "LeaderReview",
    "LeadershipReview",
    "LeaderReviewOrder",
    "Manifestation",
    "ManifestationAnswer",
    "ManifestationGroup",
    "NotReviewedRollup",
    "MeetingRecord",
    "NotReviewedMember",
    "RatingStep",
    "ReviewCycle",
    "ReviewStatus",
    "RuleSet",
]
