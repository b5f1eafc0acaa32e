"""What the audit trail follows in this app (audit.registry): organizations and the restructuring record."""

from audit.registry import track
from organizations.models import LineageLink, Organization, OrganizationEvent, PriorState

# The tree path and depth only mirror the superior (a move rewrites them for the whole sub-tree):
# the superior's change is the row that says what happened.
track(Organization, organization="pk", exclude=("path", "depth"))
track(OrganizationEvent, organization="subject")
track(LineageLink, organization="predecessor", parent="successor")
track(PriorState, organization="organization", parent="organization")
