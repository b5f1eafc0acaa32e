"""The members' summary table: members per organization, status and review-form flags (``MemberCount``).

Kept by database triggers (``core.summary_tables``): every write path — the
services, imports, transfers, restructuring, bulk UPDATEs — updates it in the
same statement as the members.
"""

from core.summary_tables import SummaryTable

MEMBERS = SummaryTable(
    "members_member", "members_membercount", ["organization_id", "status", "is_leader", "works_in_political_system"]
)
