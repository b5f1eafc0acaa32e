"""Commitment lists: everyone's list by role (scoped), the inspection queue, the extension requests to decide."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from commitments import services
from commitments.forms import CommitmentFilterForm, QueueFilterForm
from commitments.models import Commitment, CommitmentStatus
from core import lists
from organizations import lineage
from reviews.models.placement import cycle_date

SORTS = {
    "deadline": "deadline",
    "organization": "organization__name",
    "status": "status",
    "created": "created_on",
    "late": "days_late",
}


@login_required
def commitment_list(request):
    today = timezone.localdate()
    queryset = access.scope(Commitment.objects.all(), request.user).with_overdue(today)
    filters = CommitmentFilterForm(request.GET, user=request.user, today=today)
    queryset = filters.filter(queryset)
    # One aggregate for the summary line: how many match, are overdue, were extended.
    totals = queryset.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        extended=Count("pk", filter=Q(extension_count__gt=0)),
    )
    queryset, sort = lists.sort(queryset, request.GET.get("sort"), SORTS, "deadline")
    # Overdue first whatever the chosen order, the most late first among them.
    queryset = queryset.order_by("-is_overdue", *queryset.query.order_by)
    # The summary line has counted the rows; the page is chosen over the keys, then read with its four joins.
    queryset = queryset.select_related("organization", "origin_organization", "member", "cycle")
    page = lists.paginate(request, queryset, count=totals["total"], late_rows=True)
    # Each row of its cycle: who made it is named as on that cycle's reference date (one query for the page).
    page.object_list = lineage.attach_names_then(page.object_list, cycle_date, *Commitment.NAMED_THEN)
    return render(
        request,
        "commitments/commitment_list.html",
        {"page_obj": page, "filters": filters, "sort": sort, "today": today, "totals": totals},
    )


@login_required
def verification_queue(request):
    # The queue is the verifiers' work list: it opens to those who may verify somewhere.
    access.require_anywhere(request.user, "commitment.verify")
    queryset = access.scope(Commitment.objects.filter(status=CommitmentStatus.REPORTED_COMPLETED), request.user)
    filters = QueueFilterForm(request.GET, user=request.user)
    queryset = filters.filter(queryset).select_related("organization", "origin_organization", "member", "cycle")
    queryset = queryset.order_by("reported_completed_at", "pk")
    page = lists.paginate(request, queryset)
    return render(request, "commitments/verification_queue.html", {"page_obj": page, "filters": filters})


@login_required
def extension_queue(request):
    """The extension requests waiting for the user's decision, the oldest request first."""
    access.require_anywhere(request.user, "commitment.extend_decide")
    queryset = services.pending_extensions(request.user).select_related(
        "commitment__organization", "commitment__member", "requested_by"
    )
    page = lists.paginate(request, queryset.order_by("requested_at", "pk"))
    return render(request, "commitments/extension_queue.html", {"page_obj": page, "today": timezone.localdate()})
