"""The individual reviews list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import lists
from core.replica import reads_from_replica
from reports.lists import IndividualReviewFilterForm
from reports.views.dashboard import require_some_role
from reviews.rules import MEMBER

SORTS = {"name": "member__full_name", "organization": "organization__path", "level": "decided_level"}


@login_required
@require_GET
@reads_from_replica
def individual_review_list(request):
    require_some_role(request.user)
    form = IndividualReviewFilterForm(request.GET or None, user=request.user)
    cycle = form.selected_cycle()
    rows, sort = lists.sort(form.filter(cycle), request.GET.get("sort"), SORTS, "organization")
    page = lists.paginate(request, rows.select_related("member", "organization"))
    rules = cycle.rules if cycle else None
    for review in page:
        review.level_text = rules.label(MEMBER, review.decided_level) if review.decided_level else ""
    context = {
        "form": form,
        "cycle": cycle,
        "page_obj": page,
        "sort": sort,
        "level_choices": form.level_choices(cycle),
        "level": request.GET.get("level", ""),
    }
    return render(request, "reports/individual_review_list.html", context)
