"""Reminders for study essays still owed by the plan's essay deadline.

An essay is open while it is owed; receiving it ends the reminders. The
secretary who collects it is reminded: the nearest one up the tree from the
member's organization (a residential Party cell often has no user of its own),
then the escalation ladder climbs (the organization's secretary, the standing
member in charge, the Inspection Committee and city staff). The link is the
essay's page, loaded through ``accounts.access``.

An essay asked at an organization that has since ended is not reminded: its
members went to the successor with their branch or one by one, and the
successor's secretary records only at its own organizations, so a reminder
would go to someone who can do nothing (the ended organization's former
secretary, or nobody at all). A merged ward's branches move under the successor
and keep their essays: those remind the successor's secretary as before.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, RoleAssignment
from notifications.providers import DueItem, ReminderProvider, registry, url_maker
from organizations.models import not_ended
from studies.models import Essay, EssayStatus

# What describing reads: the sweep fetches these columns only.
DESCRIBED_FIELDS = ("pk", "organization_id", "organization__path", "member__full_name", "plan__title")


def nearest_secretaries(paths):
    """{organization path: (user ids)} of the secretaries at the nearest organization at or above each path.

    One query for a whole chunk of rows: the secretaries at every organization on the paths' ways up.
    """
    ids_above = {int(part) for path in paths for part in path.split(".") if part}
    holders = {}
    assignments = RoleAssignment.objects.filter(
        organization_id__in=ids_above, role=Role.SECRETARY, user__is_active=True
    ).order_by("user_id")
    for organization_id, user_id in assignments.values_list("organization_id", "user_id"):
        holders.setdefault(organization_id, []).append(user_id)
    found = {}
    for path in paths:
        way_up = [int(part) for part in path.split(".") if part][::-1]
        found[path] = next((tuple(holders[pk]) for pk in way_up if pk in holders), ())
    return found


class EssayProvider(ReminderProvider):
    kind = "studies.essay"
    label = _("Study essay owed")
    model = Essay
    # Plans are few; the join to them is cheap, and essays are read by (status, plan).
    deadline_field = "plan__essay_deadline"
    schedule_defaults = {"days_before": [3]}

    def open_items(self):
        return (
            Essay.objects.filter(
                not_ended(timezone.localdate()), status=EssayStatus.OWED, plan__essay_deadline__isnull=False
            )
            .select_related("organization", "member", "plan")
            .only(*DESCRIBED_FIELDS, "plan__essay_deadline")
        )

    def describe_rows(self, rows):
        url, label = url_maker("studies:essay"), str(self.label)
        owners = nearest_secretaries({row.organization.path for row in rows})
        return [
            DueItem(
                object_id=row.pk,
                organization_id=row.organization_id,
                deadline=row.plan.essay_deadline,
                title=f"{label}: {row.member.full_name} – {row.plan.title}",
                url=url(row.pk),
                owner_ids=owners[row.organization.path],
            )
            for row in rows
        ]

    def describe(self, obj):
        return self.describe_rows([obj])[0]


registry.register(EssayProvider())
