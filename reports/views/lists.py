"""The individual reviews list."""

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from core import lists
from core.replica import reads_from_replica
from organizations import lineage
from reports.figures.common import moved_in_scope, scoped
from reports.lists import IndividualReviewFilterForm
from reviews.models import IndividualReview, IndividualReviewCount, ReviewCycle
from reviews.rules import MEMBER

SORTS = {"name": "member__full_name", "organization": "organization__path", "level": "decided_level"}
# The list's filters the individual review counts carry (a filter added later falls back to counting the rows).
SUMMARY_FILTERS = {"cycle", "status", "level"}


def _summary_count(filters, user):
    """The number of rows from the individual review counts when the filters are all theirs, else None.

    A cycle of a province holds 95,000 reviews: counting them for the paginator was most of the page.
    The counts carry the cycle, status and level the list filters by, not the member's name or form.
    """
    if any(value for name, value in filters.values.items() if name not in SUMMARY_FILTERS):
        return None
    cycle = filters.values.get("cycle")
    if moved_in_scope([cycle] if cycle else ReviewCycle.objects.all(), user):
        return None  # the counts are by organization, the rows by their place in their cycle's tree
    counts = filters.filter(scoped(IndividualReviewCount.objects.all(), user))
    return counts.aggregate(n=Sum("total"))["n"] or 0


@login_required
@require_GET
@reads_from_replica
def individual_review_list(request):
    access.require_some_role(request.user)
    filters = IndividualReviewFilterForm(request.GET, user=request.user)
    cycle = filters.values["cycle"]
    rows = filters.filter(scoped(IndividualReview.objects.all(), request.user))
    rows, sort = lists.sort(rows, request.GET.get("sort"), SORTS, "organization", matches_first=filters.sorts_matches())
    # A name or form filter (the counts do not carry them) may match most of a cycle: counted up to a cap.
    page = lists.paginate(
        request,
        rows.select_related("member", "organization"),
        count=_summary_count(filters, request.user),
        capped=True,
    )
    rules = cycle.rules if cycle else None
    if cycle:  # the names on the cycle's reference date, as its board (``reviews.board.decorate``)
        page.object_list = lineage.attach_names_then(page.object_list, cycle.reference_date)
    for review in page:
        review.level_text = rules.label(MEMBER, review.decided_level) if review.decided_level else ""
    context = {"filters": filters, "cycle": cycle, "page_obj": page, "sort": sort}
    return render(request, "reports/individual_review_list.html", context)
