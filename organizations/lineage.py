"""Reading the restructuring record: lineage, former names and places, the age that counts for rating.

The apps above read the events through these functions (the reports' past-year
tree, the access to predecessors' history, the review cycle's "founded less
than six months ago" rule) rather than the tables, so the record's shape can change.
"""

from django.db.models import Min, Q

from organizations.models import LineageLink, Organization, OrganizationEvent, PriorState


def predecessor_links(organization):
    """The links into ``organization``: what it was formed from, with the event, oldest first."""
    return (
        LineageLink.objects.filter(successor=organization)
        .select_related("predecessor", "event")
        .order_by("date", "predecessor__name")
    )


def successor_links(organization):
    """The links out of ``organization``: what it became (one, or several for a split)."""
    return (
        LineageLink.objects.filter(predecessor=organization)
        .select_related("successor", "event")
        .order_by("date", "successor__name")
    )


def events_of(organization):
    """Every event about ``organization``: its own (renamed, moved, split, dissolved) and the mergers it joined."""
    mine = Q(subject=organization) | Q(links__predecessor=organization) | Q(links__successor=organization)
    return OrganizationEvent.objects.filter(mine).distinct().select_related("subject").order_by("date", "pk")


def _walk(organization_ids, column, other):
    """Organization ids reached from ``organization_ids`` through the links, transitively (one query per generation)."""
    found = set()
    frontier = set(organization_ids)
    while frontier:
        step = set(LineageLink.objects.filter(**{f"{column}__in": frontier}).values_list(other, flat=True))
        frontier = step - found - set(organization_ids)
        found |= frontier
    return found


def ancestry_ids(organization_ids):
    """The ids of every organization those of ``organization_ids`` were formed from, at any remove."""
    return _walk(organization_ids, "successor_id", "predecessor_id")


def descendancy_ids(organization_ids):
    """The ids of every organization those of ``organization_ids`` became, at any remove."""
    return _walk(organization_ids, "predecessor_id", "successor_id")


def established_on(organizations):
    """``{pk: date}`` for ``organizations`` (objects with ``pk`` and ``valid_from``): see ``established_since``."""
    return established_since({organization.pk: organization.valid_from for organization in organizations})


def established_since(valid_from_by_pk):
    """``{pk: date}``: since when each organization counts as existing, for the rating's age rule.

    ``valid_from_by_pk`` maps each organization's pk to its own ``valid_from``.
    An organization formed by a merger or split from existing ones is as old
    as the oldest of them (Quy định 366's six months are for genuinely new
    organizations); any other is as old as its own ``valid_from``.
    """
    result = dict(valid_from_by_pk)
    # One query per 5,000 organizations finds the few formed from others; only those are walked.
    formed = set()
    ids = list(result)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        formed |= set(LineageLink.objects.filter(successor_id__in=chunk).values_list("successor_id", flat=True))
    for pk in formed:
        ancestors = ancestry_ids([pk])
        if ancestors:
            oldest = Organization.objects.filter(pk__in=ancestors).aggregate(day=Min("valid_from"))["day"]
            result[pk] = min(oldest, result[pk])
    return result


def states_on(day, organization_ids):
    """``{pk: (name, parent_id, path)}`` on ``day`` for those of ``organization_ids`` that changed since.

    An organization missing from the result had, on ``day``, the name and place it has today.
    """
    result = {}
    rows = (
        PriorState.objects.filter(organization_id__in=organization_ids, until__gt=day)
        .order_by("organization_id", "until", "pk")
        .values_list("organization_id", "name", "parent_id", "path")
    )
    for pk, name, parent_id, path in rows:
        result.setdefault(pk, (name, parent_id, path))
    return result


def changes_during(organization, start, end=None):
    """How ``organization``'s name or place changed between ``start`` and ``end`` (exclusive; None: until today).

    ``[{"date", "kind" (an event's label or ""), "name", "parent"}]``, oldest
    first, each with the name and superior from that date on: what a member's
    history shows while the member stayed in the organization and the
    organization moved (no transfer record per person).
    """
    states = list(
        organization.prior_states.filter(until__gt=start, **({"until__lt": end} if end else {}))
        .select_related("event")
        .order_by("until", "pk")
    )
    if not states:
        return []
    later = organization.prior_states.filter(until__gt=states[-1].until).order_by("until", "pk").first()
    following = [*states[1:], later]
    changes = []
    for state, after in zip(states, following, strict=True):
        name, parent_id = (after.name, after.parent_id) if after else (organization.name, organization.parent_id)
        changes.append(
            {
                "date": state.until,
                "kind": state.event.get_kind_display() if state.event else "",
                "name": name,
                "parent": Organization.objects.filter(pk=parent_id).first(),
            }
        )
    return changes
