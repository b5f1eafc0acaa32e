"""Loading helpers shared by the study views: every object comes through ``accounts.access``."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from accounts import access
from core import lists
from studies import timing
from studies.models import Essay, StudyPlan, StudySession


def visible_plan(user, pk):
    """A plan over the user's reach or over a committee above it (404 otherwise)."""
    plans = StudyPlan.objects.visible_to(user).select_related("document", "issuer", "applies_to")
    return get_object_or_404(plans, pk=pk)


def visible_session(user, pk):
    """A session held by an organization in the user's reach (404 otherwise: another ward's is not there)."""
    sessions = StudySession.objects.select_related("plan__document", "plan__applies_to", "organization")
    return access.get_or_404(sessions, user, via="organization", pk=pk)


def visible_essay(user, pk):
    essays = Essay.objects.select_related("plan__document", "member", "organization")
    return access.get_or_404(essays, user, via="organization", pk=pk)


def warn_if_late(request, warnings):
    """The timing warnings as messages, with the reasoning once."""
    for warning in warnings:
        messages.warning(request, warning)
    if warnings:
        messages.warning(request, timing.REASONING)


def list_page(request, template, filters_class, rows, sorts, default_sort, **context):
    """One of the four study lists: its filter form (the export's too), the rows, sorted and paged.

    ``context`` carries the page's ``heading``, ``export`` (the export's name in
    reports) and ``active`` (which list the tabs mark), and anything else the page shows.
    """
    filters = filters_class(request.GET, user=request.user)
    queryset, current_sort = lists.sort(rows(request.user, filters), request.GET.get("sort"), sorts, default_sort)
    context |= {
        "filters": filters,
        "page_obj": lists.paginate(request, queryset, late_rows=True),
        "current_sort": current_sort,
    }
    return render(request, template, context)
