"""What the audit trail follows in this app (audit.registry): accounts and their roles."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RoleAssignment, User
from audit.registry import track

track(User)
# An authenticator enrolled or removed; never its secret, nor the counters each sign-in moves.
track(
    TOTPDevice,
    parent="user",
    exclude=("key", "last_t", "drift", "throttling_failure_timestamp", "throttling_failure_count", "last_used_at"),
)
track(RoleAssignment, organization="organization", parent="user")
