"""The home page's figures per role, taken from the dashboard's own figure functions.

City-level users (city staff, Inspection Committee, standing members) get an
overview of the current cycle and of the remediation commitments; secretaries
get their organizations' review step and their commitments. Everything is
scoped by ``accounts.access`` inside the figure functions, in a fixed number
of queries whatever the number of organizations.
"""

from django.urls import reverse

from accounts import access
from accounts.models import Role
from directives.models import Directive
from reports.figures import common, organization, remediation, reviews

CITY_LEVEL_ROLES = (Role.CITY_STAFF, Role.INSPECTION, Role.STANDING_MEMBER)
# The steps of a review that reached the city committee and was not sent back.
SUBMITTED_STEPS = ("submitted", "accepted", "rated")


def is_city_level(user):
    return user.is_superuser or access.has_role(user, *CITY_LEVEL_ROLES)


def city_overview(user, today):
    """The current cycle's progress and the commitments to chase, each number with the list it counts."""
    cycle = common.select_cycle(common.cycles_for(user), user=user)
    commitments = remediation.total_cells(user, today)
    unverified = commitments["reported_completed"]
    queue_link = None
    if access.can_anywhere(user, "commitment.verify"):
        # The verification queue lists exactly the completed commitments waiting in the user's reach.
        queue_link = reverse("commitments:queue")
        unverified = {**unverified, "link": queue_link}
    overview = {
        "cycle": cycle,
        "overdue": commitments["overdue"],
        "unverified": unverified,
        "dashboard_link": reverse("reports:dashboard"),
        "queue_link": queue_link,
    }
    if cycle is not None:
        progress = reviews.progress(cycle, user)
        steps = {code: {"count": count, "link": link} for code, _label, count, link in progress["steps"]}
        overview |= {
            "total": progress["total"],
            "submitted": sum(steps[code]["count"] for code in SUBMITTED_STEPS),
            "awaiting": steps["submitted"],
            "returned": steps["returned"],
            "board_link": progress["link"],
        }
        overview |= _directives_of(user, cycle)
    return overview


def _directives_of(user, cycle):
    """The cycle whose directives the home page links to: the current one, else the latest that has some.

    Directives follow a cycle's reviews, so while the new cycle has none yet the
    button leads to the last ones issued instead of an empty list.
    """
    visible = Directive.objects.visible_to(user)
    if not visible.filter(cycle=cycle).exists():
        latest = visible.order_by("-cycle__year", "-cycle_id").select_related("cycle").first()
        cycle = latest.cycle if latest else cycle
    return {"directives_cycle": cycle, "directives_link": reverse("directives:overview", args=[cycle.pk])}


def secretary_overview(user, organizations, today):
    """The current cycle's review step of each of ``organizations`` and the commitments in the user's reach."""
    cycle = common.select_cycle(common.cycles_for(user), user=user)
    commitments = remediation.total_cells(user, today)
    steps = organization.current_steps(cycle, user, [o.pk for o in organizations]) if cycle is not None else {}
    return {
        "cycle": cycle,
        "rows": [(o, steps.get(o.pk)) for o in organizations],
        "open": commitments["open"],
        "overdue": commitments["overdue"],
    }
