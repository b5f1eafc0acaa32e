"""Who receives each escalation level of an item at an organization.

The ladder: the owner (the provider names them) → the organization's secretary
→ the standing member in charge (held at the organization or its nearest
ancestor that has one) → the Inspection Committee and city staff (at the
organization or any ancestor). Lookups are cached per organization for the
length of one sweep and loaded for a whole chunk of items at once
(``preload``), so a sweep over 100,000 items costs two queries per chunk, not
per item or per organization.
"""

from accounts.models import Role, RoleAssignment
from notifications.models import ESCALATION_STEPS, Step
from organizations.models import Organization


class Ladder:
    def __init__(self):
        self._roles = {}  # organization id -> {role: [user ids]} along its path, nearest first

    def preload(self, organization_ids):
        """Load the chains of ``organization_ids`` not cached yet: two queries, whatever their number."""
        missing = {pk for pk in organization_ids if pk not in self._roles}
        if not missing:
            return
        paths = dict(Organization.objects.filter(pk__in=missing).values_list("pk", "path"))
        chains = {pk: [int(part) for part in (paths.get(pk) or "").split(".") if part][::-1] or [pk] for pk in missing}
        holders = {pk: {} for chain in chains.values() for pk in chain}
        assignments = RoleAssignment.objects.filter(organization_id__in=list(holders), user__is_active=True)
        for org_id, role, user_id in assignments.values_list("organization_id", "role", "user_id").order_by("user_id"):
            holders[org_id].setdefault(role, []).append(user_id)
        for pk, chain in chains.items():
            self._roles[pk] = [(org_id, holders[org_id]) for org_id in chain]

    def _chain(self, organization_id):
        """``[(organization id, {role: [user ids]})]`` from the organization up to the root."""
        self.preload((organization_id,))
        return self._roles[organization_id]

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

    def inspection(self, organization_id):
        """The Inspection Committee members at the organization or any ancestor (who verify)."""
        users = []
        for _org_id, roles in self._chain(organization_id):
            users += roles.get(Role.INSPECTION, [])
        return tuple(dict.fromkeys(users))

    def _level(self, step, organization_id):
        if step == Step.ESCALATION_SECRETARY:
            return self.secretaries(organization_id)
        if step == Step.ESCALATION_STANDING:
            return self.standing_members(organization_id)
        return self.inspection_and_city(organization_id)

    def recipients(self, step, item):
        """The user ids that ``step`` of ``item`` goes to.

        An escalation goes only to people not reached yet: the owners (an item
        without an owner is the secretary's, so "escalated to the secretary"
        would remind the same person twice) and the levels below are left out.
        """
        # The owner's own reminders; items without an owner fall to the secretary.
        owners = tuple(item.owner_ids) or self.secretaries(item.organization_id)
        if step not in ESCALATION_STEPS:
            return owners
        reached = set(owners)
        for level in ESCALATION_STEPS:
            users = self._level(level, item.organization_id)
            if level == step:
                return tuple(user for user in users if user not in reached)
            reached.update(users)
        return ()
