"""The organizations' roll-up: organizations per kind, sector and dates at every organization above them.

Kept by triggers on the organizations (``core.rollups``): a move rewrites the paths of a
sub-tree in one UPDATE, and the same statement moves their counts from the former ancestors
to the new ones. The dates are in the key so that "active on a day" stays a filter of the
reader's (a trigger cannot see the day change); an organization without an end counts with
``FAR_FUTURE`` as its end, since a unique key treats empty values as all different.
"""

from core.rollups import Rollup

FAR_FUTURE = "9999-12-31"

ORGANIZATION_ROLLUP = Rollup(
    "organizations_organization",
    "organizations_organizationrollup",
    {
        "kind": "{row}.kind",
        "sector": "{row}.sector",
        "valid_from": "{row}.valid_from",
        "ends_on": f"COALESCE({{row}}.valid_to, '{FAR_FUTURE}')",
    },
    place="{row}.path",
    order=["ancestor_id", "depth", "kind", "sector", "valid_from", "ends_on"],
)
