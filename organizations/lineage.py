"""Reading the restructuring record: lineage, former names and places, the age that counts for rating.

The apps above read the events through these functions (the reports' past-year
tree, the access to predecessors' history, the review cycle's "founded less
than six months ago" rule) rather than the tables, so the record's shape can change.
"""

import copy
from dataclasses import dataclass

from django.db.models import F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from organizations.models import EventKind, LineageLink, Organization, OrganizationEvent, PriorState


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


def _names_since(day, organization_ids):
    """``{pk: [(until, name), ...]}``, oldest first: the names of ``organization_ids`` kept since ``day`` (one query).

    The name on a day ``d`` at or after ``day`` is that of the first entry whose ``until`` is after ``d``,
    or today's when there is none (``PriorState``'s rule, as ``states_on``).
    """
    kept = {}
    rows = (
        PriorState.objects.filter(organization_id__in=organization_ids, until__gt=day)
        .order_by("organization_id", "until", "pk")
        .values_list("organization_id", "until", "name")
    )
    for pk, until, name in rows:
        kept.setdefault(pk, []).append((until, name))
    return kept


def _name_on(kept, day, name_now):
    return next((name for until, name in kept if until > day), name_now)


def _merged_since(day, ended_ids):
    """``{pk: (date, successor pk, successor's name)}``: what those of ``ended_ids`` were merged into after ``day``.

    Followed to the last remove (ward Trần Đăng Ninh merged into Quang Trung in 2024, Quang Trung into
    Nam Định in 2025: Nam Định), the date being the first merger's. One query per generation, none
    without an ended organization. Only a merger makes an organization "now" another: a dissolved city
    committee's successor took over its work, it is not the city committee under a new name.
    """
    merged_into = {}  # predecessor → (date, successor, successor's name)
    asked, frontier = set(), set(ended_ids)
    while frontier:
        asked |= frontier
        links = LineageLink.objects.filter(
            predecessor_id__in=frontier, event__kind=EventKind.MERGE, date__gt=day
        ).values_list("predecessor_id", "date", "successor_id", "successor__name", "successor__valid_to")
        frontier = set()
        for predecessor, date, successor, name, valid_to in links:
            merged_into[predecessor] = (date, successor, name)
            if valid_to is not None and successor not in asked:
                frontier.add(successor)
    found = {}
    for pk in ended_ids:
        if pk in merged_into:
            date, successor, name = merged_into[pk]
            seen = {pk}
            while successor in merged_into and successor not in seen:
                seen.add(successor)
                _date, successor, name = merged_into[successor]
            found[pk] = (date, successor, name)
    return found


def _now_name(merged, pk, day, own_name):
    merger = merged.get(pk)
    return merger[2] if merger and merger[0] > day else own_name


def names_on(day, organization_ids):
    """``{pk: name}`` on ``day`` for those of ``organization_ids`` whose name then differs from today's (one query).

    A move keeps a prior state with an unchanged name: only a renaming since ``day`` puts an organization here.
    """
    kept, now = {}, {}
    rows = (
        PriorState.objects.filter(organization_id__in=list(organization_ids), until__gt=day)
        .order_by("organization_id", "until", "pk")
        .values_list("organization_id", "until", "name", "organization__name")
    )
    for pk, until, name, name_now in rows:
        kept.setdefault(pk, []).append((until, name))
        now[pk] = name_now
    names = {pk: _name_on(entries, day, now[pk]) for pk, entries in kept.items()}
    return {pk: name for pk, name in names.items() if name != now[pk]}


def as_on(day, organization):
    """A copy of ``organization`` as it was on ``day``: its name, place and superiors then (three queries).

    What a document of a past day prints: the 2017 Mẫu 01 of a ward renamed in 2025 is issued under
    its 2017 name, under the superior of 2017 so named. The copy's ``parent`` is the superior then,
    itself such a copy up to the root; ``superiors`` lists them from the root down, so the document
    needs no ``ancestors()`` query (which would read today's names). ``path`` and ``depth`` stay
    today's: the members, kept under today's tree, are found under them. Only to read: never saved.
    """
    _name, _parent_id, path = organization.state_on(day)
    ids = [int(part) for part in path.split(".") if part]
    loaded = Organization.objects.in_bulk(ids[:-1]) | {organization.pk: organization}
    names = names_on(day, ids)
    chain = []
    for pk in ids:
        then = copy.copy(loaded[pk])
        then.name = names.get(pk, then.name)
        then.parent = chain[-1] if chain else None
        then.superiors = tuple(chain)
        chain.append(then)
    return chain[-1]


def changed_since(day):
    """Whether some organization has been renamed or moved since ``day``: else today's names are those of ``day``.

    Any state kept since, not only a renaming: the first row answers (a province's 5,670 moves checked
    for a changed name took 9 ms a request).
    """
    return PriorState.objects.filter(until__gt=day).exists()


def name_on_sql(day, field="organization"):
    """The name of the organization under ``field`` on ``day``, in SQL: a past cycle's list sorted by the names then.

    ``PriorState``'s rule in a correlated subquery (its index on organization and until): the first
    kept state ending after ``day``, else today's name.
    """
    kept = PriorState.objects.filter(organization=OuterRef(f"{field}_id"), until__gt=day).order_by("until", "pk")
    return Coalesce(Subquery(kept.values("name")[:1]), F(f"{field}__name"))


def name_rows_then(rows, day, key="organization"):
    """Plain rows (dicts, as a report freezes them) named as on ``day``: one query, and one per merger generation.

    Each row holds today's name under ``key``, the organization's pk under ``<key>_pk`` and, when it has
    ended, a true ``<key>_ended``. A row named otherwise today (renamed since, or merged into another)
    gets the name then under ``key`` and ``<key>_then``, the ``as_dict()`` of its ``NamedThen``, which
    ``{% name_then %}`` (``organizations.templatetags.organization_names``) renders like one. Returns ``rows``.
    """
    renamed = names_on(day, {row[f"{key}_pk"] for row in rows if row.get(f"{key}_pk")})
    ended = {row[f"{key}_pk"] for row in rows if row.get(f"{key}_ended")}
    merged = _merged_since(day, ended) if ended else {}
    for row in rows:
        pk = row.get(f"{key}_pk")
        name_then = renamed.get(pk, row[key])
        name_now = _now_name(merged, pk, day, row[key])
        if name_then != name_now:
            row[f"{key}_then"] = {"name_then": name_then, "name_now": name_now, "changed": True}
            row[key] = name_then
    return rows


@dataclass(frozen=True)
class NamedThen:
    """An organization with the name it had on a past day: what a past cycle's lists, reports and exports show.

    ``name_now`` is what it is called today: its own name, or for one merged since, the name of the
    organization it became ("Đảng bộ phường Quang Trung (nay là Đảng bộ phường Nam Định)").
    Templates render it with ``{% name_then %}`` (``organizations.templatetags.organization_names``): the
    name then, and "(nay là …)" when it ``changed``; an export's cell with ``text``; a report frozen as
    JSON keeps ``as_dict()``, which the tag renders the same way.
    """

    organization: Organization
    name_then: str
    name_now: str

    @property
    def changed(self):
        return self.name_then != self.name_now

    @property
    def text(self):
        """The name then, followed by today's when it differs: one cell of an export."""
        return name_then_text(self)

    def as_dict(self):
        return {"name_then": self.name_then, "name_now": self.name_now, "changed": self.changed}

    def __str__(self):
        return self.name_then


def name_then_text(named):
    """ "<name then> (now <name today>)", or the name alone: for a ``NamedThen``, its ``as_dict()`` or a plain name."""
    if isinstance(named, NamedThen):
        named = named.as_dict()
    if not isinstance(named, dict):
        return "" if named is None else str(named)
    if not named.get("changed"):
        return named["name_then"]
    return _("%(then)s (now %(now)s)") % {"then": named["name_then"], "now": named["name_now"]}


def _getter(item):
    if isinstance(item, dict):
        return item.get, item.__setitem__
    return (lambda attr: getattr(item, attr, None)), (lambda attr, value: setattr(item, attr, value))


def attach_names_then(items, day, *attrs):
    """Give each of ``items`` its organizations as they were named on ``day``: one query for them all.

    ``items`` are objects or dicts holding an organization under each of ``attrs`` (default
    ``"organization"``, loaded: ``select_related``); each gets ``<attr>_then``, a ``NamedThen`` (None
    where the organization is). An organization that has ended costs one query more per merger
    generation, to name what it became (``_merged_since``); none on a page without one.
    ``day`` is a date, or a function of an item for items of several cycles (a commitments list):
    the query reads the names kept since the earliest. Returns ``items`` as a list.
    """
    items = list(items)
    attrs = attrs or ("organization",)
    day_of = day if callable(day) else (lambda _item: day)
    found = []  # (setter, attr, organization, day)
    for item in items:
        get, put = _getter(item)
        item_day = day_of(item)
        found += [(put, attr, get(attr), item_day) for attr in attrs]
    organizations = {organization.pk: organization for _put, _attr, organization, _day in found if organization}
    days = [item_day for _put, _attr, organization, item_day in found if organization is not None]
    kept = _names_since(min(days), list(organizations)) if organizations else {}
    ended = {pk for pk, organization in organizations.items() if organization.valid_to is not None}
    merged = _merged_since(min(days), ended) if ended else {}
    for put, attr, organization, item_day in found:
        named = None
        if organization is not None:
            pk, own = organization.pk, organization.name
            named = NamedThen(
                organization, _name_on(kept.get(pk, ()), item_day, own), _now_name(merged, pk, item_day, own)
            )
        put(f"{attr}_then", named)
    return items


class WithNamesThen:
    """An export's rows (a queryset) iterated in batches, each batch given its names then (``attach_names_then``).

    Counted like the queryset; a query per ``batch`` rows, whatever the export's size.
    """

    def __init__(self, rows, day, *attrs, batch=1000):
        self.rows, self.day, self.attrs, self.batch = rows, day, attrs, batch

    def count(self):
        return self.rows.count()

    def iterator(self, chunk_size=None):
        chunk_size = chunk_size or self.batch
        pending = []
        for row in self.rows.iterator(chunk_size=chunk_size):
            pending.append(row)
            if len(pending) == chunk_size:
                yield from attach_names_then(pending, self.day, *self.attrs)
                pending = []
        yield from attach_names_then(pending, self.day, *self.attrs)

    def __iter__(self):
        return self.iterator()


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
