"""Helpers shared by the figures: scoping, links, shares, cycle selection."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from accounts import access
from core.links import list_url
from core.params import integer
from reviews.models import ReviewCycle
from reviews.models.placement import moved_since

# The URL of ``name`` with ``params`` as its GET filters, empty values dropped: the figures' name for it.
url = list_url


def scoped(queryset, user, via="organization", organization=None):
    """``queryset`` in the user's reach, and under ``organization`` (itself included) when given."""
    queryset = access.scope(queryset, user, via=via)
    if organization is not None:
        path_lookup, date_lookup = access.placement_lookups(queryset.model, via)
        condition = Q(pk__in=[])
        for path in access.placed_paths(organization, date_lookup is not None):
            condition |= Q(**{f"{path_lookup}__startswith": path})
        queryset = queryset.filter(condition)
    return queryset


def moved_in_scope(cycles, user, organization=None):
    """Whether an organization the user reaches (under ``organization`` when given) moved since ``cycles``.

    Then a count by organization (a summary table, scoped by today's tree) and a count of the
    records (scoped by their stored places) may differ for this reader: use the records.
    """
    within = [access.reach_prefixes(user)]
    if organization is not None:
        within.append(access.placed_paths(organization, dated=True))
    return moved_since(cycles, *within)


def percent(part, whole):
    """``part`` as a whole percentage of ``whole`` (half up: 78 of 92 is 85), None when ``whole`` is 0."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def cycles_for(user):
    """Cycles the user may look at, newest first (one query)."""
    return list(ReviewCycle.objects.visible_to(user).order_by("-year", "-number", "-pk"))


def select_cycle(cycles, requested=None, user=None):
    """The cycle asked for (a pk among ``cycles``), else the newest open annual one, else the newest.

    With ``user``, the cycles of the tree the user reaches today come first: a
    ward formed in 2025 opens on its 2025 cycle, not on an older one of the
    wards it was formed from that is still open (``access.in_todays_tree``).
    """
    pk = integer(requested)
    for cycle in cycles:
        if pk is not None and cycle.pk == pk:
            return cycle
    if user is not None:
        todays = [c for c in cycles if access.in_todays_tree(user, c.organization)]
        cycles = todays or cycles
    open_annual = [c for c in cycles if c.is_open and c.kind == "annual"]
    return (open_annual or cycles or [None])[0]


def previous_cycles(cycles, cycle, count=2):
    """Up to ``count`` earlier cycles of the same kind and committee as ``cycle``, newest first."""
    if cycle is None:
        return []
    earlier = [
        c for c in cycles if c.kind == cycle.kind and c.organization_id == cycle.organization_id and c.year < cycle.year
    ]
    return earlier[:count]
