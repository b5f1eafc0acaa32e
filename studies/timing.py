"""When studying is badly timed: the last month of the year and the weeks reserved for the annual review.

The Nam Định City Standing Committee recommended in 2018 that directives and
resolutions not be rolled out at the end of the year: units are then busy with
their own year-end work, so the study is shallow and has little effect. A plan
is *late* when it starts in December or inside the review weeks of an annual
review cycle over its organizations (from the cycle's opening to its last due
date); a session is late when it is held then. Every rule set shipped finishes
the reviews on 31/12, so before a year's cycle is opened December covers it.

``late_condition`` is the rule as a query (the plan list's filter and its
mark, the dashboard's count); ``plan_warnings`` and ``session_warnings`` say it
in words on a page.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from reviews.models import CycleKind, ReviewCycle
from studies.models import in_line_with

DECEMBER = 12

REASONING = _(
    "At the end of the year localities and units are busy with their own work, so a directive or resolution "
    "studied then is not studied in depth and the study has little effect; the Nam Định City Standing Committee "
    "recommended avoiding the end of the year (2018)."
)


def _review_cycles():
    """Annual cycles with the last day of their review weeks as ``review_end``."""
    last_due = Coalesce("ratings_due", "submissions_due", "meetings_due", "drafts_due", "reference_date")
    return ReviewCycle.objects.filter(kind=CycleKind.ANNUAL).annotate(review_end=last_due)


def _cycles_around(day, organization_path):
    """The annual cycles over the organization of ``organization_path`` whose review weeks hold ``day``."""
    over = Q(organization__isnull=True) | in_line_with(organization_path, "organization")
    return _review_cycles().filter(over, opened_on__lte=day, review_end__gte=day)


def late_condition():
    """A plan starts in December or in the review weeks over its organizations (a condition on ``StudyPlan``)."""
    in_review_weeks = Exists(_cycles_around(OuterRef("starts_on"), OuterRef("applies_to__path")))
    return Q(starts_on__month=DECEMBER) | Q(in_review_weeks)


def late_plans(queryset):
    return queryset.filter(late_condition())


def with_lateness(queryset):
    """``queryset`` with ``is_late`` on each plan (the same rule, one query)."""
    return queryset.annotate(is_late=ExpressionWrapper(late_condition(), output_field=BooleanField()))


def _warnings(day, organization, what):
    warnings = []
    if day.month == DECEMBER:
        warnings.append(_("%(what)s falls in the last month of the year.") % {"what": what})
    for cycle in _cycles_around(day, organization.path).order_by("opened_on"):
        warnings.append(
            _("%(what)s falls in the weeks reserved for the review cycle %(cycle)s (%(start)s–%(end)s).")
            % {
                "what": what,
                "cycle": cycle,
                "start": cycle.opened_on.strftime("%d/%m/%Y"),
                "end": cycle.review_end.strftime("%d/%m/%Y"),
            }
        )
    return warnings


def plan_warnings(plan):
    """Sentences saying why ``plan`` is late (none when it is not); the reasoning goes with them."""
    return _warnings(plan.starts_on, plan.applies_to, _("The start of this plan"))


def session_warnings(session):
    return _warnings(session.held_on, session.organization, _("This session"))
