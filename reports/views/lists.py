"""The individual reviews list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from core import lists
from core.replica import reads_from_replica
from reports.figures.common import scoped
from reports.lists import IndividualReviewFilterForm
from reviews.models import IndividualReview
from reviews.rules import MEMBER

SORTS = {"name": "member__full_name", "organization": "organization__path", "level": "decided_level"}


@login_required
@require_GET
@reads_from_replica
def individual_review_list(request):
    access.require_some_role(request.user)
    filters = IndividualReviewFilterForm(request.GET, user=request.user)
    cycle = filters.values["cycle"]
    rows = filters.filter(scoped(IndividualReview.objects.all(), request.user))
    rows, sort = lists.sort(rows, request.GET.get("sort"), SORTS, "organization")
    page = lists.paginate(request, rows.select_related("member", "organization"))
    rules = cycle.rules if cycle else None
    for review in page:
        review.level_text = rules.label(MEMBER, review.decided_level) if review.decided_level else ""
    context = {"filters": filters, "cycle": cycle, "page_obj": page, "sort": sort}
    return render(request, "reports/individual_review_list.html", context)
