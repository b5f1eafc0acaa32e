"""The reviews' summary table: individual reviews per cycle, organization, workflow step and level.

``IndividualReviewCount`` is kept by database triggers (``core.summary_tables``), so
every write path — the rating services, ``open_cycle``'s COPY, bulk UPDATEs, imports,
restructuring — updates it in the same statement as the reviews.
"""

from core.summary_tables import SummaryTable

INDIVIDUAL_REVIEWS = SummaryTable(
    "reviews_individualreview",
    "reviews_individualreviewcount",
    ["cycle_id", "organization_id", "status", "decided_level"],
)
