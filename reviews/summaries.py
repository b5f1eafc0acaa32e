"""The reviews' summary tables: individual reviews per organization, and the reviews at every organization above.

``IndividualReviewCount`` is kept by database triggers (``core.summary_tables``), so
every write path — the rating services, ``open_cycle``'s COPY, bulk UPDATEs, imports,
restructuring — updates it in the same statement as the reviews.

The roll-ups (``core.rollups``) count the reviews at every organization on their stored
place (the tree of the cycle's date, ``reviews.models.placement``), so the dashboard reads
one row per key for each root of the reader's reach, whatever the size of the tree:

- ``INDIVIDUAL_REVIEW_ROLLUP``: the members' reviews per cycle, acceptance and decided level;
- ``NOT_REVIEWED_ROLLUP``: the members a cycle does not review, per cycle and reason;
- ``COLLECTIVE_REVIEW_ROLLUP``: the grassroots organizations' reviews per cycle, step of the
  cycle board (``reviews.board.STEPS``) and decided level. The step reads the review's meeting
  record and the grassroots filter its organization's kind today: triggers on the meeting
  records and on the organizations move the review when those change.
"""

from core.rollups import Follow, Part, Rollup
from core.summary_tables import SummaryTable
from core.workflow import SubmissionStatus
from organizations.models import GRASSROOTS_KINDS

INDIVIDUAL_REVIEWS = SummaryTable(
    "reviews_individualreview",
    "reviews_individualreviewcount",
    ["cycle_id", "organization_id", "status", "decided_level"],
)

INDIVIDUAL_REVIEW_ROLLUP = Rollup(
    "reviews_individualreview",
    "reviews_individualreviewrollup",
    {
        "cycle_id": "{row}.cycle_id",
        "accepted": f"{{row}}.status = '{SubmissionStatus.ACCEPTED}'",
        "decided_level": "{row}.decided_level",
    },
    place="{row}.organization_path",
    order=["cycle_id", "ancestor_id", "depth", "accepted", "decided_level"],
)

NOT_REVIEWED_ROLLUP = Rollup(
    "reviews_notreviewedmember",
    "reviews_notreviewedrollup",
    {"cycle_id": "{row}.cycle_id", "reason": "{row}.reason"},
    place="{row}.organization_path",
    order=["cycle_id", "ancestor_id", "depth", "reason"],
)


def _quoted(*values):
    return ", ".join(f"'{value}'" for value in values)


# reviews.board.STEPS as SQL, first match wins (a test compares the two on every combination).
STEP_SQL = f"""CASE
    WHEN {{row}}.decided_level <> '' THEN 'rated'
    WHEN {{row}}.status = '{SubmissionStatus.DRAFT}' AND NOT {{met}}
         AND {{row}}.strengths = '' AND {{row}}.weaknesses = '' AND {{row}}.responsibility = ''
         AND {{row}}.directions = '' THEN 'not_started'
    WHEN {{row}}.status = '{SubmissionStatus.DRAFT}' AND NOT {{met}} THEN 'draft'
    WHEN {{row}}.status = '{SubmissionStatus.DRAFT}' THEN 'meeting_held'
    WHEN {{row}}.status IN ({_quoted(SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED)}) THEN 'submitted'
    WHEN {{row}}.status = '{SubmissionStatus.RETURNED}' THEN 'returned'
    WHEN {{row}}.status = '{SubmissionStatus.ACCEPTED}' THEN 'accepted'
    ELSE '' END"""

COLLECTIVE_REVIEW_ROLLUP = Rollup(
    "reviews_collectivereview",
    "reviews_collectivereviewrollup",
    {"cycle_id": "{row}.cycle_id", "step": STEP_SQL, "decided_level": "{row}.decided_level"},
    place="{row}.organization_path",
    order=["cycle_id", "ancestor_id", "depth", "step", "decided_level"],
    where=f"{{kind}} IN ({_quoted(*GRASSROOTS_KINDS)})",
    contexts={
        "met": "EXISTS (SELECT 1 FROM reviews_meetingrecord AS meeting WHERE meeting.review_id = {row}.id)",
        "kind": "(SELECT unit.kind FROM organizations_organization AS unit WHERE unit.id = {row}.organization_id)",
    },
    follows=[
        # One meeting record a review at most: recording one moves the review from "not met" to "met".
        Follow(
            "reviews_meetingrecord",
            "id",
            "met",
            {
                "insert": [Part("{new}.review_id", "false", "true")],
                "delete": [Part("{old}.review_id", "true", "false")],
                "update": [Part("{old}.review_id", "true", "false"), Part("{new}.review_id", "false", "true")],
            },
        ),
        Follow(
            "organizations_organization",
            "organization_id",
            "kind",
            {"update": [Part("{new}.id", "{old}.kind", "{new}.kind", "{old}.kind <> {new}.kind")]},
        ),
    ],
)
