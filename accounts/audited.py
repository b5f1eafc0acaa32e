"""What the audit trail follows in this app (audit.registry): accounts and their roles."""

from accounts.models import RoleAssignment, User
from audit.registry import track

track(User)
track(RoleAssignment, organization="organization", parent="user")
