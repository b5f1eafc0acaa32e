"""Changes to the organization tree: create, edit; and the dated restructuring events.

The events (``merge``, ``split``, ``rename``, ``move``, ``dissolve``) are each
one call in one transaction. Each records an ``OrganizationEvent`` with its
legal basis (``Basis``), ``LineageLink`` rows from predecessors to successors,
and ``PriorState`` rows for every name or place in the tree that it changes,
so that what was recorded before the date keeps its organization as it was.
An organization that ends hands its active sub-units and what the apps above
registered in ``hooks.closing_holdings`` (members attached to it, open
commitments, directives whose explanation is still due) to its successor.

Each function runs in one transaction and raises ``DomainError`` naming the
form field when a rule is broken, so the form shows the message next to the
field and nothing is saved.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date as Date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from organizations.hooks import closing_holdings, successor_evidence
from organizations.models import EventKind, LineageLink, Organization, OrganizationEvent


def _check(organization):
    """The model's own rules (``Organization.clean``), a refusal here: the form has shown them already."""
    try:
        organization.full_clean()
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


@transaction.atomic
def create_organization(organization):
    """Save a new organization; its path is computed from its parent."""
    _check(organization)
    organization.save()
    return organization


@transaction.atomic
def update_organization(organization, changed_fields, lock=None):
    """Save the edited ``changed_fields``; a new parent moves the whole sub-tree in one UPDATE.

    ``lock`` (``core.locking.EditLock``, from the edit form) refuses a save over someone else's newer one.
    """
    if lock is not None:
        lock.check(Organization, pk=organization.pk)
    _check(organization)
    old_parent_id = Organization.objects.filter(pk=organization.pk).values_list("parent_id", flat=True).get()
    new_parent = organization.parent
    fields = [name for name in changed_fields if name != "parent"]
    if fields:
        organization.save(update_fields=fields)
    if new_parent is not None and new_parent.pk != old_parent_id:
        organization.parent_id = old_parent_id
        organization.move_under(new_parent)
    return organization


@dataclass(frozen=True)
class Basis:
    """The legal basis of an event: the decision's number and symbol, its date, who issued it."""

    number: str
    date: Date
    issuer: str
    note: str = ""


# --- the checks every event shares -------------------------------------------------------------------------------


def _lock(organization):
    return Organization.objects.select_for_update().get(pk=organization.pk)


def _check_basis(basis, on_date):
    if not (basis.number or "").strip() or not (basis.issuer or "").strip():
        raise DomainError(_("Give the number and the issuer of the decision this change is based on."), "basis_number")
    if basis.date > on_date:
        raise DomainError(_("The decision cannot be dated after the day the change takes effect."), "basis_date")


def _check_open(organization, on_date, field="on_date"):
    """``organization`` exists on ``on_date`` and nothing later about it is recorded yet."""
    if organization.valid_to is not None:
        raise DomainError(_("%(name)s is already closed.") % {"name": organization.name}, field)
    if on_date < organization.valid_from:
        raise DomainError(
            _("The date cannot be before %(name)s was founded (%(day)s).")
            % {"name": organization.name, "day": organization.valid_from.strftime("%d/%m/%Y")},
            field,
        )
    later = OrganizationEvent.objects.filter(date__gt=on_date).filter(
        Q(subject=organization) | Q(links__predecessor=organization) | Q(links__successor=organization)
    )
    if later.exists():
        message = _("A later change of %(name)s is already recorded; record the changes in date order.")
        raise DomainError(message % {"name": organization.name}, field)


def _check_successor(successor, predecessors, on_date, field="successor"):
    for predecessor in predecessors:
        if successor.pk == predecessor.pk or successor.path.startswith(predecessor.path):
            raise DomainError(
                _("The successor cannot be %(name)s itself or one of its sub-units.") % {"name": predecessor.name},
                field,
            )
    if not successor.is_active_on(on_date):
        raise DomainError(
            _("The successor %(name)s must be active on the date of the change.") % {"name": successor.name}, field
        )


def _successor(organization, on_date, field):
    """An existing successor, locked; a new one (unsaved), created as of ``on_date``."""
    if organization.pk is not None:
        return _lock(organization)
    organization.valid_from = on_date
    try:
        organization.full_clean()
    except ValidationError as error:
        messages = " ".join(text for texts in error.message_dict.values() for text in texts)
        raise DomainError(
            _("The new organization %(name)s: %(errors)s") % {"name": organization.name, "errors": messages}, field
        ) from None
    organization.save()
    return organization


def _record(kind, subject, on_date, basis, user, links=(), derived=False):
    event = OrganizationEvent.objects.create(
        derived=derived,
        kind=kind,
        subject=subject,
        date=on_date,
        basis_number=basis.number.strip(),
        basis_date=basis.date,
        basis_issuer=basis.issuer.strip(),
        note=basis.note,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    LineageLink.objects.bulk_create(
        LineageLink(event=event, predecessor=predecessor, successor=successor, date=on_date)
        for predecessor, successor in links
    )
    return event


def _active_children(organization, on_date):
    return _active_children_of([organization], on_date)


def _active_children_of(organizations, on_date):
    """The sub-units of ``organizations`` still active on ``on_date``: one query, however many organizations."""
    children = Organization.objects.filter(parent__in=[organization.pk for organization in organizations])
    return list(children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date)).order_by("path"))


def _holdings(organization):
    return [holding for holding in closing_holdings if holding.holds(organization)]


def _end(organizations, on_date, successor, event):
    """Hand everything of ``organizations`` to ``successor`` (may be None when nothing is held) and close them.

    Their sub-units move in one ``Organization.move_all`` (a district's hundred units, a ward's
    branches: a few statements per former superior), then each one's holdings go over.
    """
    children = _active_children_of(organizations, on_date)
    holdings = {organization.pk: _holdings(organization) for organization in organizations}
    if successor is None:
        for organization in organizations:
            if holdings[organization.pk] or any(child.parent_id == organization.pk for child in children):
                message = _("%(name)s still has active sub-units, members or open work; name a successor.")
                raise DomainError(message % {"name": organization.name}, field="successor")
    Organization.move_all(children, successor, on_date, event)
    for organization in organizations:
        for holding in holdings[organization.pk]:
            holding.transfer(organization, successor, on_date)
    Organization.close_all(organizations, on_date, successor)


# --- the events ----------------------------------------------------------------------------------------------------


@transaction.atomic
def merge(predecessors, into, on_date, basis, user=None):
    """Merge the organizations ``predecessors`` into ``into`` on ``on_date``; returns the event.

    ``into`` is an existing organization (active on ``on_date``, not one of the
    predecessors or under them) or a new, unsaved ``Organization`` (name, code,
    kind, sector, parent), created here as founded on ``on_date``. Each
    predecessor closes on ``on_date`` (its ``valid_to``, exclusive), its active
    sub-units move under the successor with their members, and its holdings
    (``hooks.closing_holdings``: its own members, open commitments, directives
    still due) go to the successor, still naming it. A successor formed this way
    is rated like the organizations it was formed from (``lineage.established_on``).
    """
    predecessors = [_lock(organization) for organization in predecessors]
    if not predecessors:
        raise DomainError(_("Choose the organizations to merge."), field="predecessors")
    if len({organization.pk for organization in predecessors}) != len(predecessors):
        raise DomainError(_("An organization is listed twice among those merged."), field="predecessors")
    _check_basis(basis, on_date)
    for organization in predecessors:
        _check_open(organization, on_date, field="predecessors")
        inside = [
            other for other in predecessors if other.pk != organization.pk and other.path.startswith(organization.path)
        ]
        if inside:
            message = _("%(name)s is a sub-unit of %(superior)s: it moves with it and is not merged on its own.")
            raise DomainError(message % {"name": inside[0].name, "superior": organization.name}, "predecessors")
    if into.pk is not None:
        _check_successor(_lock(into), predecessors, on_date)
    elif into.parent_id is not None:
        _check_successor(into.parent, predecessors, on_date, field="parent")
    successor = _successor(into, on_date, field="successor")
    links = [(organization, successor) for organization in predecessors]
    event = _record(EventKind.MERGE, successor, on_date, basis, user, links)
    _end(predecessors, on_date, successor, event)
    return event


@transaction.atomic
def split(organization, successors, on_date, basis, assignments, user=None):
    """Split ``organization`` into ``successors`` on ``on_date``; returns the event.

    ``successors``: two or more organizations, existing or new (unsaved, created
    here as founded on ``on_date``). ``assignments`` says to which successor
    each thing goes, by the successor's index in ``successors``:
    ``{"children": {sub-unit pk: index}, <holding name>: {item key: index}}``
    for every active sub-unit and every item each holding lists
    (``hooks.closing_holdings``). Anything left unassigned is a refusal naming
    it, and nothing changes.
    """
    organization = _lock(organization)
    _check_basis(basis, on_date)
    _check_open(organization, on_date)
    if len(successors) < 2:
        raise DomainError(_("A split needs at least two successors."), field="successors")
    existing = [successor.pk for successor in successors if successor.pk is not None]
    if len(set(existing)) != len(existing):
        raise DomainError(_("A successor is listed twice."), field="successors")
    for successor in successors:
        if successor.pk is not None:
            _check_successor(successor, [organization], on_date, field="successors")
    children = _active_children(organization, on_date)
    holdings = _holdings(organization)
    plan = _split_plan(organization, children, holdings, assignments, len(successors))
    successors = [_successor(successor, on_date, field="successors") for successor in successors]
    event = _record(
        EventKind.SPLIT, organization, on_date, basis, user, [(organization, successor) for successor in successors]
    )
    for index, successor in enumerate(successors):
        moving = [child for child in children if plan["children"][child.pk] == index]
        Organization.move_all(moving, successor, on_date, event)
    for holding in holdings:
        for index, successor in enumerate(successors):
            keys = [key for key, chosen in plan[holding.name].items() if chosen == index]
            if keys:
                holding.transfer(organization, successor, on_date, keys=keys)
    organization.close(on_date)
    return event


def _split_plan(organization, children, holdings, assignments, count):
    """The assignments checked: every sub-unit and item given to one of the ``count`` successors."""
    plan = {"children": {}}
    wanted = [("children", _("Sub-unit"), [(child.pk, child.name) for child in children])]
    wanted += [(holding.name, holding.label, holding.items(organization)) for holding in holdings]
    for name, label, items in wanted:
        given = assignments.get(name) or {}
        plan[name] = {}
        for key, item_label in items:
            index = given.get(key)
            if index is None or not 0 <= index < count:
                raise DomainError(
                    _("%(kind)s “%(item)s” is not assigned to a successor; choose one for every item.")
                    % {"kind": label, "item": item_label},
                    field=f"{name}_{key}",
                )
            plan[name][key] = index
    return plan


@transaction.atomic
def rename(organization, new_name, on_date, basis, user=None):
    """Rename ``organization`` from ``on_date``; its former name stays on what was recorded before."""
    organization = _lock(organization)
    new_name = (new_name or "").strip()
    _check_basis(basis, on_date)
    _check_open(organization, on_date)
    if not new_name:
        raise DomainError(_("Give the new name."), field="name")
    if new_name == organization.name:
        raise DomainError(_("The new name is the same as the current one."), field="name")
    event = _record(EventKind.RENAME, organization, on_date, basis, user)
    Organization._keep_prior_states(Organization.objects.filter(pk=organization.pk), on_date, event)
    organization.name = new_name
    organization.save(update_fields=["name", "search_text"])
    return event


@transaction.atomic
def move(organization, new_parent, on_date, basis, user=None):
    """Place ``organization`` (and its sub-tree) under ``new_parent`` from ``on_date``."""
    organization = _lock(organization)
    _check_basis(basis, on_date)
    _check_open(organization, on_date)
    if new_parent.pk == organization.parent_id:
        raise DomainError(_("The organization is already under this superior."), field="parent")
    if new_parent.path.startswith(organization.path):
        raise DomainError(
            _("An organization cannot be placed under itself or one of its own sub-units."), field="parent"
        )
    if not new_parent.is_active_on(on_date):
        raise DomainError(_("The new superior must be active on the date of the change."), field="parent")
    event = _record(EventKind.MOVE, organization, on_date, basis, user)
    organization.move_under(new_parent, on_date, event)
    return event


@transaction.atomic
def dissolve(organization, on_date, basis, successor=None, user=None):
    """Dissolve ``organization`` on ``on_date``; ``successor`` keeps its history and takes its open work.

    Its active sub-units move under the successor and its holdings go there. Without a
    successor only an organization with no active sub-unit and no holding may be dissolved.
    """
    organization = _lock(organization)
    _check_basis(basis, on_date)
    _check_open(organization, on_date)
    if successor is not None:
        successor = _lock(successor)
        _check_successor(successor, [organization], on_date)
    links = [(organization, successor)] if successor is not None else []
    event = _record(EventKind.DISSOLVE, organization, on_date, basis, user, links)
    _end([organization], on_date, successor, event)
    return event


def close_organization(organization, on_date, successor=None, basis=None, user=None):
    """``dissolve`` under its former name; without a basis, the closing is recorded as the staff's own decision."""
    basis = basis or Basis(number="—", date=on_date, issuer=str(_("recorded by the staff")))
    dissolve(organization, on_date, basis, successor=successor, user=user)
    organization.refresh_from_db()
    return organization


# --- lineage of organizations closed before the record existed ---------------------------------------------------


@dataclass(frozen=True)
class PastLink:
    """What the records say an organization closed without a lineage link became.

    ``successor`` is None when they do not say (``problem`` tells why); ``evidence`` is ``[(label, count)]``
    for the successor (the evidence's lazy label, rendered in the reader's language), or the names that tie
    with their counts.
    """

    organization: Organization
    successor: Organization | None
    evidence: tuple
    total: int
    problem: str = ""


def _unlinked_closed():
    linked = LineageLink.objects.filter(predecessor=OuterRef("pk"))
    return Organization.objects.filter(valid_to__isnull=False).exclude(Exists(linked)).order_by("valid_to", "path")


def past_lineage():
    """A ``PastLink`` for each ended organization with no lineage link, from ``hooks.successor_evidence``.

    The successor is the organization the most records point to; none at all, or a tie at the top, leaves it
    to a person (the event needs a decision the records cannot give).
    """
    proposals = []
    for organization in _unlinked_closed():
        found = [(evidence.label, evidence.weigh(organization)) for evidence in successor_evidence]
        totals = Counter()
        for _label, counts in found:
            totals.update(counts)
        ranked = totals.most_common()
        total = sum(totals.values())
        if not ranked:
            proposals.append(PastLink(organization, None, (), 0, str(_("no records point anywhere"))))
            continue
        tied = [pk for pk, count in ranked if count == ranked[0][1]]
        names = dict(Organization.objects.filter(pk__in=tied).values_list("pk", "name"))
        if len(tied) > 1:
            evidence = tuple((names[pk], totals[pk]) for pk in tied)
            proposals.append(PastLink(organization, None, evidence, total, str(_("the records are tied"))))
            continue
        successor = Organization.objects.get(pk=tied[0])
        evidence = tuple((label, counts[successor.pk]) for label, counts in found if counts.get(successor.pk))
        proposals.append(PastLink(organization, successor, evidence, total))
    return proposals


def _derived_note(link):
    evidence = "; ".join(
        _("%(label)s: %(count)d of %(total)d point to %(name)s")
        % {"label": label, "count": count, "total": link.total, "name": link.successor.name}
        for label, count in link.evidence
    )
    return str(evidence)


@transaction.atomic
def record_past_lineage(proposals):
    """Record the clear ``proposals`` (``past_lineage()``) as derived events; returns the events.

    Several organizations closed on one day into one successor are one merger, a single one a dissolution
    with a successor. An organization linked since the plan was made is left alone, so a second run adds
    nothing. The words stored are the product's language, whoever runs the command.
    """
    still_unlinked = set(_unlinked_closed().select_for_update().values_list("pk", flat=True))
    groups = {}
    for link in proposals:
        if link.successor is not None and link.organization.pk in still_unlinked:
            groups.setdefault((link.successor.pk, link.organization.valid_to), []).append(link)
    events = []
    with translation.override(settings.LANGUAGE_CODE):
        for (_successor_pk, on_date), links in groups.items():
            successor = links[0].successor
            if len(links) == 1:
                kind, subject = EventKind.DISSOLVE, links[0].organization
            else:
                kind, subject = EventKind.MERGE, successor
            # A merger's note says which records point each way; a dissolution's has one line.
            notes = [_derived_note(link) for link in links]
            if len(links) > 1:
                notes = [f"{link.organization.name}: {note}" for link, note in zip(links, notes, strict=True)]
            note = "; ".join(notes)
            basis = Basis(number="—", date=on_date, issuer=str(_("derived from the records")), note=note)
            pairs = [(link.organization, successor) for link in links]
            events.append(_record(kind, subject, on_date, basis, None, pairs, derived=True))
            Organization.objects.filter(pk__in=[link.organization.pk for link in links], successor__isnull=True).update(
                successor=successor
            )
    return events
