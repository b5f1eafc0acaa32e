"""What the audit trail follows in this app (audit.registry)."""

from audit.registry import track
from organizations.models import Organization

track(Organization, organization="pk")
