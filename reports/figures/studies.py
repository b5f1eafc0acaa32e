"""Resolution-study figures for the dashboard: a year's plans and sessions by month, and each plan's figures.

A committee sees a year-end pile-up at a glance: plans by the month they start
and sessions by the month they are held, side by side, with the plans rolled out
at year-end counted apart (``studies.timing``). Each plan's sessions, attendance
and essays come from ``studies.figures``. Every number links to the list it
counts: two queries for the months, three more for the plans when there are any.
"""

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.charts import BarChart, Series
from reports.figures.common import url
from studies import figures, timing
from studies.forms import MONTHS
from studies.models import StudyPlan, StudySession


def year_figures(user, year):
    plans = list(
        timing.with_lateness(StudyPlan.objects.visible_to(user).filter(starts_on__year=year))
        .select_related("document", "applies_to")
        .order_by("starts_on", "pk")
    )
    held = dict(
        access.scope(StudySession.objects.filter(held_on__year=year), user)
        .annotate(month=ExtractMonth("held_on"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    started = {month: sum(plan.starts_on.month == month for plan in plans) for month, _label in MONTHS}
    chart = BarChart(
        title=_("Study plans and sessions by month, %(year)s") % {"year": year},
        categories=[label for _month, label in MONTHS],
        series=[
            Series(
                _("Plans starting"),
                [started[month] for month, _label in MONTHS],
                [url("studies:plans", year=year, month=month) for month, _label in MONTHS],
            ),
            Series(
                _("Sessions held"),
                [held.get(month, 0) for month, _label in MONTHS],
                [url("studies:sessions", year=year, month=month) for month, _label in MONTHS],
            ),
        ],
        slug="study-months",
    )
    return {
        "year": year,
        "chart": chart,
        "late": {"count": sum(plan.is_late for plan in plans), "link": url("studies:plans", year=year, late="on")},
        "plans": figures.plan_rows(plans, user=user) if plans else [],
        "reasoning": timing.REASONING,
    }
