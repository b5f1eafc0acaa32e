"""Cycle pages: the list, opening a cycle, and the board of a cycle."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from core import lists
from core.views import perform
from organizations import lineage
from reviews import board, services
from reviews.forms import CycleOpenForm, NotReviewedFilterForm, superior_committees
from reviews.models import ReviewCycle, RuleSet
from reviews.views.common import get_cycle_or_404


@login_required
def cycle_list(request):
    cycles = ReviewCycle.objects.visible_to(request.user)
    return render(
        request,
        "reviews/cycle_list.html",
        {"cycles": cycles, "can_open": access.can_anywhere(request.user, "cycle.manage")},
    )


@login_required
def cycle_open(request):
    access.require_anywhere(request.user, "cycle.manage")
    committees = access.permitted(superior_committees(), request.user, "cycle.manage", via="")
    form = CycleOpenForm(request.POST or None, organizations=committees)
    if request.method == "GET" and request.GET.get("year"):
        try:
            year = form.fields["year"].clean(request.GET["year"])
        except ValidationError:
            pass  # a bad year in the link only leaves the form without its prefill
        else:
            form.initial.update(year=year, rule_set=RuleSet.for_year(year))
    if request.method == "POST" and form.is_valid():
        # The committee is chosen in the form, so its permission is known only now.
        access.require(request.user, "cycle.manage", form.cleaned_data["organization"])
        if done := perform(form, lambda: services.open_cycle(form.save(commit=False), request.user)):
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
    filters = board.CycleBoardFilterForm(request.GET, cycle=cycle)
    rows = board.board_rows(cycle, request.user)
    counts = filters.scope_counts(rows, request.user)
    scope = filters.values["scope"]
    tiles = [(code, label, counts[code], _board_link(cycle, step=code, scope=scope)) for code, label, _c in board.STEPS]
    rows, sort = board.sort(cycle, filters.filter(rows), request.GET.get("sort"))
    # Without a search or rating the rows are the scope's, or one step of it, which the tiles have just counted;
    # with them they are counted only up to a cap (a search of a national board matched 70,000 rows). The page
    # is chosen over the keys before its rows are read with their joins (``lists.paginate``'s ``late_rows``).
    filtered = {name for name, value in filters.values.items() if value and name != "scope"}
    if not filtered:
        count = counts["total"]
    elif filtered == {"step"}:
        count = counts[filters.values["step"]]
    else:
        count = None
    page = lists.paginate(request, rows, count=count, late_rows=True, capped=True)
    page.object_list = board.decorate(cycle, page.object_list)
    rules = cycle.rules
    for review in page:
        review.level_text = rules.label("organization", review.decided_level) if review.decided_level else ""
    return render(
        request,
        "reviews/cycle_board.html",
        {
            "cycle": cycle,
            "filters": filters,
            "page_obj": page,
            "counts": counts,
            "tiles": tiles,
            "total_link": _board_link(cycle, scope=scope),
            "sort": sort,
            "not_reviewed": access.scope(cycle.not_reviewed.all(), request.user).count(),
        },
    )


def _board_link(cycle, **params):
    """The board of ``cycle`` with ``params`` as its filters (the scope kept, the default one left out)."""
    if params.get("scope") == "grassroots":
        del params["scope"]
    query = urlencode(params)
    return reverse("reviews:cycle_board", args=[cycle.pk]) + (f"?{query}" if query else "")


@login_required
def not_reviewed_list(request, pk):
    cycle = get_cycle_or_404(request.user, pk)
    filters = NotReviewedFilterForm(request.GET)
    rows = filters.filter(access.scope(cycle.not_reviewed.select_related("member", "organization"), request.user))
    page = lists.paginate(request, rows.order_by("organization__path", "member__full_name", "pk"))
    page.object_list = lineage.attach_names_then(page.object_list, cycle.reference_date)  # as the board names them
    return render(request, "reviews/not_reviewed_list.html", {"cycle": cycle, "filters": filters, "page_obj": page})
