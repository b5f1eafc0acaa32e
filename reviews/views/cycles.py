"""Cycle pages: the list, opening a cycle, and the board of a cycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core import lists
from core.views import perform
from core.workflow import SubmissionStatus
from reviews import board
from reviews.forms import CycleOpenForm, superior_committees
from reviews.models import RuleSet
from reviews.views.common import can_anywhere, get_cycle_or_404, visible_cycles

BOARD_SORTS = {"name": "organization__name", "status": "status", "level": "decided_level"}


@login_required
def cycle_list(request):
    cycles = visible_cycles(request.user)
    return render(
        request,
        "reviews/cycle_list.html",
        {"cycles": cycles, "can_open": can_anywhere(request.user, "cycle.manage")},
    )


def _manageable_committees(user):
    visible = access.scope(superior_committees(), user, via="")
    return visible.filter(pk__in=[o.pk for o in visible if access.can(user, "cycle.manage", o)])


@login_required
def cycle_open(request):
    if not can_anywhere(request.user, "cycle.manage"):
        raise PermissionDenied
    committees = _manageable_committees(request.user)
    form = CycleOpenForm(request.POST or None, organizations=committees)
    if request.method == "GET":
        year = int(request.GET.get("year") or 0) or None
        if year:
            form.initial.update(year=year, rule_set=RuleSet.for_year(year))
    if request.method == "POST" and form.is_valid():
        # The committee is chosen in the form, so its permission is known only now.
        access.require(request.user, "cycle.manage", form.cleaned_data["organization"])
        if done := perform(form, lambda: form.save(commit=False).open(request.user)):
            cycle = done.result
            messages.success(
                request,
                _("Cycle %(cycle)s opened: %(collective)s collective and %(individual)s individual reviews.")
                % {
                    "cycle": cycle,
                    "collective": cycle.collective_reviews.count(),
                    "individual": cycle.individual_reviews.count(),
                },
            )
            return redirect("reviews:cycle_board", cycle.pk)
    return render(request, "reviews/cycle_open.html", {"form": form})


@login_required
def cycle_board(request, pk):
    cycle = get_cycle_or_404(request.user, pk)
    scope = request.GET.get("scope", "grassroots")
    rows = board.in_scope(board.board_rows(cycle, request.user), scope)
    counts = rows.aggregate(
        total=Count("pk"),
        draft=Count("pk", filter=Q(status=SubmissionStatus.DRAFT)),
        meeting_held=Count("pk", filter=Q(meeting__isnull=False)),
        submitted=Count("pk", filter=Q(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED])),
        returned=Count("pk", filter=Q(status=SubmissionStatus.RETURNED)),
        accepted=Count("pk", filter=Q(status=SubmissionStatus.ACCEPTED)),
        rated=Count("pk", filter=~Q(decided_level="")),
    )
    active_filter = request.GET.get("filter", "")
    query = request.GET.get("q", "")
    rows = board.apply_filters(rows, cycle, request.GET)
    rows, sort = lists.sort(rows, request.GET.get("sort"), BOARD_SORTS, "name")
    page = lists.paginate(request, rows)
    rules = cycle.rules
    for review in page:
        review.level_text = rules.label("organization", review.decided_level) if review.decided_level else ""
    return render(
        request,
        "reviews/cycle_board.html",
        {
            "cycle": cycle,
            "page_obj": page,
            "counts": counts,
            "active_filter": active_filter,
            "filters": board.BOARD_FILTERS,
            "steps": board.STEPS,
            "step": request.GET.get("step", ""),
            "level": request.GET.get("level", ""),
            "level_choices": rules.choices("organization"),
            "scope": scope,
            "query": query,
            "sort": sort,
            "not_reviewed": access.scope(cycle.not_reviewed.all(), request.user).count(),
        },
    )


@login_required
def not_reviewed_list(request, pk):
    cycle = get_cycle_or_404(request.user, pk)
    rows = access.scope(cycle.not_reviewed.select_related("member", "organization"), request.user)
    rows = board.filter_not_reviewed(rows, request.GET)
    page = lists.paginate(request, rows.order_by("organization__path", "member__full_name", "pk"))
    return render(
        request,
        "reviews/not_reviewed_list.html",
        {"cycle": cycle, "page_obj": page, "reason": request.GET.get("reason", "")},
    )
