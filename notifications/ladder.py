"""Who receives each escalation level of an item at an organization.

The ladder: the owner (the provider names them) → the organization's secretary
→ the standing member in charge (held at the organization or its nearest
ancestor that has one) → the Inspection Committee and city staff (at the
organization or any ancestor). Lookups are cached per organization for the
length of one sweep, so a sweep over 100,000 items costs a few queries per
organization, not per item.
"""

from accounts.models import Role, RoleAssignment
from notifications.models import Step
from organizations.models import Organization


class Ladder:
    def __init__(self):
        self._roles = {}  # organization id -> {role: [user ids]} along its path, nearest first

    def _chain(self, organization_id):
        """``[(organization id, {role: [user ids]})]`` from the organization up to the root."""
        chain = self._roles.get(organization_id)
        if chain is None:
            path = Organization.objects.filter(pk=organization_id).values_list("path", flat=True).first() or ""
            ids = [int(part) for part in path.split(".") if part][::-1] or [organization_id]
            holders = {pk: {} for pk in ids}
            assignments = RoleAssignment.objects.filter(organization_id__in=ids, user__is_active=True).values_list(
                "organization_id", "role", "user_id"
            )
            for org_id, role, user_id in assignments.order_by("user_id"):
                holders[org_id].setdefault(role, []).append(user_id)
            chain = [(pk, holders[pk]) for pk in ids]
            self._roles[organization_id] = chain
        return chain

    def secretaries(self, organization_id):
        return tuple(self._chain(organization_id)[0][1].get(Role.SECRETARY, ()))

    def standing_members(self, organization_id):
        for _org_id, roles in self._chain(organization_id):
            if roles.get(Role.STANDING_MEMBER):
                return tuple(roles[Role.STANDING_MEMBER])
        return ()

    def inspection_and_city(self, organization_id):
        users = []
        for _org_id, roles in self._chain(organization_id):
            users += roles.get(Role.INSPECTION, []) + roles.get(Role.CITY_STAFF, [])
        return tuple(dict.fromkeys(users))

    def recipients(self, step, item):
        """The user ids that ``step`` of ``item`` goes to."""
        if step == Step.ESCALATION_SECRETARY:
            return self.secretaries(item.organization_id)
        if step == Step.ESCALATION_STANDING:
            return self.standing_members(item.organization_id)
        if step == Step.ESCALATION_INSPECTION:
            return self.inspection_and_city(item.organization_id)
        # The owner's own reminders; items without an owner fall to the secretary.
        return tuple(item.owner_ids) or self.secretaries(item.organization_id)
