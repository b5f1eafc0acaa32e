"""The members' summary tables: members per organization (``MemberCount``) and at every organization above.

Kept by database triggers (``core.summary_tables``, ``core.rollups``): every write path —
the services, imports, transfers, restructuring, bulk UPDATEs — updates them in the same
statement as the members. The roll-up counts each member at every organization on its
organization's path today; a move of organizations (``Organization.move_all``) moves their
members' counts from the former ancestors to the new ones in the statement that rewrites the paths.
"""

from core.rollups import Follow, Part, Rollup
from core.summary_tables import SummaryTable

MEMBERS = SummaryTable(
    "members_member", "members_membercount", ["organization_id", "status", "is_leader", "works_in_political_system"]
)

MEMBER_ROLLUP = Rollup(
    "members_member",
    "members_memberrollup",
    {
        "status": "{row}.status",
        "is_leader": "{row}.is_leader",
        "works_in_political_system": "{row}.works_in_political_system",
    },
    place="{path}",
    order=["ancestor_id", "depth", "status", "is_leader", "works_in_political_system"],
    contexts={
        "path": "(SELECT unit.path FROM organizations_organization AS unit WHERE unit.id = {row}.organization_id)"
    },
    follows=[
        Follow(
            "organizations_organization",
            "organization_id",
            "path",
            {"update": [Part("{new}.id", "{old}.path", "{new}.path", "{old}.path <> {new}.path")]},
        )
    ],
)
