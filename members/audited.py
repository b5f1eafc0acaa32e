"""What the audit trail follows in this app (audit.registry): members and their membership periods."""

from audit.registry import track
from members.models import LeadershipBody, LeadershipSeat, Member, Membership

track(Member, organization="organization", masked=("citizen_id",))
track(Membership, organization="organization", parent="member")
track(LeadershipBody, organization="organization")
track(LeadershipSeat, organization="body__organization", parent="body")
