"""The one access module: who may see and who may change what. Default deny.

Reach comes from the organization tree: a role assignment at an organization
reaches that organization and everything below it. Every view, list, export
and task scopes its queryset with ``scope()`` and loads single objects with
``get_or_404()``, so an object outside the user's reach answers 404; a visible
object that the user may not change answers 403 through ``require()``.

Permissions are named ``"<thing>.<verb>"`` and granted to roles in
``PERMISSIONS``; a name that is not in the table is a programming error.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, RoleAssignment, User
from core.rollups import ancestor_id

ALL_ROLES = frozenset(Role)
CITY = frozenset({Role.CITY_STAFF})

PERMISSIONS = {
    "organization.view": ALL_ROLES,
    "organization.change": CITY,
    "member.view": ALL_ROLES,
    "member.view_citizen_id": CITY,
    "member.change": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    # leadership collectives (Executive and Standing Committees) and their seats: the city's organization managers
    "leadership.change": CITY,
    # documents and directives (register of directing documents, in-depth review directives)
    "document.change": CITY,
    "directive.catalogue": CITY,
    "directive.propose": frozenset({Role.CITY_STAFF, Role.INSPECTION}),
    # every target's own details and named members; a target's secretary reads only their own
    "directive.view_all_targets": frozenset({Role.CITY_STAFF, Role.INSPECTION}),
    "directive.issue": CITY,
    "explanation.edit": frozenset({Role.SECRETARY, Role.CITY_STAFF}),
    "explanation.decide": CITY,
    "directive.conclude": frozenset({Role.CITY_STAFF, Role.INSPECTION}),
    # commitments: remediation commitments, their verification and extensions
    "commitment.view": ALL_ROLES,
    "commitment.create": frozenset({Role.CITY_STAFF, Role.INSPECTION, Role.SECRETARY}),
    "commitment.update": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "commitment.verify": frozenset({Role.INSPECTION}),
    "commitment.extend_decide": frozenset({Role.CITY_STAFF, Role.INSPECTION}),
    "commitment.assess_carry_over": frozenset({Role.CITY_STAFF, Role.STANDING_MEMBER, Role.SECRETARY}),
    # reviews: cycles, rule sets, collective and individual reviews, ratings.
    "cycle.manage": CITY,
    "ruleset.change": CITY,
    "review.edit": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "review.accept": CITY,
    "review.propose": CITY,
    "review.decide": CITY,
    "review.accept_member": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "review.propose_member": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "review.decide_member": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "review.conclude": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    # studies: resolution study plans, the sessions held and their attendance, study essays
    "study.plan": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "study.record": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "study.assess": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    # notifications: reminder schedules and the failed-delivery list are city business.
    "notification.configure": CITY,
    "notification.view_failed": CITY,
    # reports: the cycle report to the Executive Committee (texts and finalizing)
    "report.edit": CITY,
    # the audit trail of every change: the log is for city staff and the Inspection Committee
    "audit.view": frozenset({Role.CITY_STAFF, Role.INSPECTION}),
    # sign-in protection: everyone's login history, lifting a lockout
    "account.view_logins": CITY,
    "account.unlock": CITY,
    # imports: city staff bring in the tree and members anywhere in reach; a secretary, members of their sub-tree
    "import.organizations": CITY,
    "import.members": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    "import.accounts": CITY,
    "import.ratings": CITY,
}

_CACHE_ATTR = "_access_assignments"
_HISTORY_ATTR = "_access_history"
_ENDED_ATTR = "_access_ended"
# Predecessors of predecessors: a ward merged in 2019, its successor merged again in 2025.
_LINEAGE_DEPTH = 10


class Reach(NamedTuple):
    """A sub-tree the user reads beyond today's roles (see ``history``)."""

    path: str
    until: object  # the first day it no longer covers: records dated before it are read
    by_current_role: bool  # a predecessor of today's reach, not an ended role


def assignments(user):
    """(role, organization path) pairs of the roles ``user`` holds today, cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # One query for today's roles and the ended ones (``history``), and whether any has predecessors.
        today = timezone.localdate()
        lineage = _lineage_links().filter(successor__path__startswith=OuterRef("organization__path"))
        rows = RoleAssignment.history.filter(user=user).values_list(
            "role", "organization__path", "ends_on", Exists(lineage)
        )
        current, ended, formed = [], [], False
        for role, path, ends_on, has_predecessors in rows:
            if ends_on is None or ends_on > today:
                # Roles at organizations that were since closed still reach their history.
                current.append((role, path))
            else:
                ended.append((path, ends_on))
            formed = formed or has_predecessors
        cached = tuple(current)
        setattr(user, _CACHE_ATTR, cached)
        setattr(user, _ENDED_ATTR, (tuple(ended), formed))
    return cached


def forget(user):
    """Drop the cached assignments (after roles change within one request)."""
    for attr in (_CACHE_ATTR, _HISTORY_ATTR, _ENDED_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _organizations():
    # Accounts knows the tree only through the role's foreign key (docs/architecture.md: the layers).
    return RoleAssignment._meta.get_field("organization").related_model.objects


def _lineage_links():
    # The organizations' lineage record (merge, split, dissolve), reached the same way.
    return _organizations().model._meta.get_field("successor_links").related_model.objects


def _predecessors(reaches):
    """The organizations merged into (or dissolved into) anything under ``reaches``, recursively, as reaches.

    A predecessor is read up to its own end, or the reach's if that comes first.
    """
    found, frontier, seen = [], list(reaches), {reach.path for reach in reaches}
    for _level in range(_LINEAGE_DEPTH):
        if not frontier:
            break
        condition = Q(pk__in=[])
        for reach in frontier:
            condition |= Q(successor_links__successor__path__startswith=reach.path)
        # The lineage links (organizations' merge, split, dissolve): a split's every successor reads its history.
        rows = _organizations().filter(condition).values_list("path", "valid_to", "successor_links__successor__path")
        next_frontier = []
        for path, valid_to, successor_path in rows:
            if path in seen:
                continue
            via = next(reach for reach in frontier if successor_path.startswith(reach.path))
            # A predecessor left open (no end recorded) reads up to its successor's reach.
            until = min(valid_to or datetime.date.max, via.until or datetime.date.max)
            seen.add(path)
            next_frontier.append(Reach(path, until, via.by_current_role))
        found += next_frontier
        frontier = next_frontier
    return found


def history(user):
    """The sub-trees ``user`` reads beyond today's roles, for the records dated before each one's end.

    History stays with the people who reached it: a role that has ended (a city
    committee dissolved in 2025) still reads the records of the cycles before
    its end, and today's roles read their predecessors' history (the province
    reads the dissolved city's, a new ward the wards it was formed from). Only
    reading: every permission comes from today's roles (``can``).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, _HISTORY_ATTR, None)
    if cached is None:
        assignments(user)
        ended, formed = getattr(user, _ENDED_ATTR)
        reaches = [Reach(path, None, True) for path in reach_paths(user)]
        reaches += [Reach(path, ends_on, False) for path, ends_on in ended]
        # Most users' organizations were formed from none: then no query for predecessors.
        predecessors = _predecessors(reaches) if formed or ended else []
        cached = tuple(_compact([*reaches, *predecessors], reach_paths(user)))
        setattr(user, _HISTORY_ATTR, cached)
    return cached


def _compact(reaches, current_paths):
    """Drop what today's roles or a wider, longer reach already cover, so the filters stay small."""
    kept = []
    for reach in sorted(reaches, key=lambda r: (r.path, not r.by_current_role)):
        if reach.until is None or any(reach.path.startswith(path) for path in current_paths):
            continue
        if any(
            reach.path.startswith(other.path)
            and other.until >= reach.until
            and (other.by_current_role or not reach.by_current_role)
            for other in kept
        ):
            continue
        kept.append(reach)
    return kept


def roles_of(user):
    return {role for role, _path in assignments(user)}


def has_role(user, *roles):
    return bool(roles_of(user) & set(roles))


def outermost(paths):
    """``paths`` without those under another one of them, sorted: the same sub-trees, none counted twice."""
    kept = []
    for path in sorted(set(paths)):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def reach_paths(user, roles=None):
    """The tree paths the user reaches, optionally only through ``roles``."""
    # Drop paths already covered by a shorter one so filters stay small.
    return outermost(path for role, path in assignments(user) if roles is None or role in roles)


def reach_roots(user, day=None):
    """The sub-trees whose union is what ``scope`` selects for ``user``, as outermost paths; None for everything.

    For records dated ``day`` (a cycle's reference date), or undated ones (None): today's roles,
    and ``history(user)`` as ``scope`` reads it. None of the paths lies under another, so counts
    kept per sub-tree (``core.rollups``) add up to what the scoped rows would count.
    """
    if _is_superuser(user):
        return None
    paths = reach_paths(user)
    for reach in history(user):
        if reach.by_current_role if day is None else day < reach.until:
            paths.append(reach.path)
    return outermost(paths)


def placed_paths(organization, dated):
    """The places ``organization``'s rows may be under: today's, and its former ones for dated records."""
    paths = {organization.path}
    if dated:
        # A past cycle's records are under the places the organization had then (its former paths end in its id).
        paths |= set(organization.prior_states.values_list("path", flat=True))
    return paths


def _within(roots, paths):
    """The outermost paths of what lies both under one of ``roots`` (None: anywhere) and under one of ``paths``."""
    if roots is None:
        return outermost(paths)
    # Two sub-trees meet only when one holds the other: then they share the inner one.
    shared = []
    for root in roots:
        for path in paths:
            shared += [inner for inner in (path, root) if inner.startswith(root) and inner.startswith(path)]
    return outermost(shared)


def rolled_up(user, cycles=None, organization=None):
    """A filter on a roll-up table's rows (``core.rollups``) counting what ``scope`` would select, none twice.

    ``cycles``: the rows of those cycles, each cycle's records placed and read as ``scope`` reads a
    cycle's (by its reference date); None for a table of undated rows (the members). One row per key
    for each root of the reader's reach (under ``organization`` when given), or for each organization at
    the top of the tree for a reader of everything.
    """

    def roots_on(day):
        roots = reach_roots(user, day)
        if organization is not None:
            return _within(roots, placed_paths(organization, dated=day is not None))
        return roots

    def condition(roots):
        if roots is None:
            return Q(depth=0)
        return Q(ancestor_id__in=[ancestor_id(path) for path in roots])

    if cycles is None:
        return condition(roots_on(None))
    combined = Q(pk__in=[])
    for cycle in {cycle.pk: cycle for cycle in cycles}.values():
        combined |= Q(cycle=cycle) & condition(roots_on(cycle.reference_date))
    return combined


def reach_prefixes(user):
    """Every path prefix ``scope`` may select for ``user`` (today's roles and ``history``), None for all.

    Wider than the reach on a given day (an ended role's date is left out): enough to tell that
    something outside them cannot change what the user is shown.
    """
    if _is_superuser(user):
        return None
    return [*reach_paths(user), *(reach.path for reach in history(user))]


def reaches_all(user):
    """Whether ``scope`` leaves ``user`` every organization of today's tree (every root is in a reach path).

    A list may then take its rows in the order of an index and test each against the reach, the reach
    passing nearly all of them; for a narrower reach the list's few rows are better found first and sorted.
    """
    if _is_superuser(user):
        return True
    paths = reach_paths(user)
    roots = _organizations().filter(parent__isnull=True)
    return bool(paths) and not roots.exclude(_path_condition(paths, "path")).exists()


def placement_lookups(model, via):
    """The path and date lookups that place a ``model`` row reached through ``via`` in the tree.

    A record of a past cycle keeps the path it had then (``HISTORICAL_PATHS``
    of the model owning the foreign key, reviews.models.placement); everything
    else is where its organization is today. The date (``HISTORY_DATE``) is what
    an ended role or a predecessor compares with its end; None for what is not
    dated.
    """
    if not via:
        return "path", getattr(model, "HISTORY_DATE", None)
    *hops, last = via.split("__")
    owner = model
    for hop in hops:
        owner = owner._meta.get_field(hop).related_model
    prefix = "".join(f"{hop}__" for hop in hops)
    snapshot = getattr(owner, "HISTORICAL_PATHS", {}).get(last)
    date = getattr(owner, "HISTORY_DATE", None)
    return (f"{prefix}{snapshot}" if snapshot else f"{via}__path"), (f"{prefix}{date}" if date else None)


def _path_condition(paths, path_lookup):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path_lookup}__startswith": path})
    return condition


def _history_condition(user, path_lookup, date_lookup, superiors=False):
    """The records of ``history(user)``: dated ones before each reach's end, undated ones of predecessors only."""
    condition = Q(pk__in=[])
    for reach in history(user):
        if date_lookup is None and not reach.by_current_role:
            continue  # an ended role reads past cycles, not today's members or organizations
        where = Q(**{f"{path_lookup}__in": _superiors([reach.path])}) if superiors else Q()
        where |= Q(**{f"{path_lookup}__startswith": reach.path})
        if date_lookup is not None:
            where &= Q(**{f"{date_lookup}__lt": reach.until})
        condition |= where
    return condition


def scope(queryset, user, via="organization"):
    """``queryset`` limited to objects whose organization the user reaches.

    ``via`` is the lookup from the model to its organization ("" for
    organizations themselves, "collective_review__organization" for a row two
    steps away). Superusers see everything. Records of past cycles are placed
    where they were then, and ``history(user)`` adds what ended roles and
    predecessors read.
    """
    if _is_superuser(user):
        return queryset
    paths = reach_paths(user)
    reaches = history(user)
    if not paths and not reaches:
        return queryset.none()
    path_lookup, date_lookup = placement_lookups(queryset.model, via)
    condition = _path_condition(paths, path_lookup)
    if reaches:
        condition |= _history_condition(user, path_lookup, date_lookup)
    return queryset.filter(condition)


def get_or_404(queryset, user, via="organization", **lookup):
    """One object the user may see, or 404 (never 403: existence is not revealed)."""
    try:
        return scope(queryset, user, via).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_own_or_404(queryset, user, **lookup):
    """One of the user's own objects (a background job and its file), or 404: anyone else's is out of reach."""
    try:
        return queryset.filter(owner=user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def can(user, permission, organization):
    """Whether ``user`` holds ``permission`` at ``organization`` through a role above it."""
    granted_roles = _granted_roles(permission)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(role in granted_roles and organization.path.startswith(path) for role, path in assignments(user))


def require(user, permission, organization):
    """Raise PermissionDenied (403) unless ``can()``."""
    if not can(user, permission, organization):
        raise PermissionDenied


def _granted_roles(permission):
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}") from None


def _is_superuser(user):
    return user is not None and user.is_authenticated and user.is_active and user.is_superuser


def can_anywhere(user, permission):
    """Whether ``user`` holds ``permission`` through any of their roles.

    For what belongs to no organization yet (a new proposal, the catalogues, the
    rule sets, the reminder schedules): the role decides, wherever it is held.
    """
    granted_roles = _granted_roles(permission)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user) & granted_roles)


def require_some_role(user):
    """Raise PermissionDenied (403) for a user with no reach: figures show a reach, and they have none.

    An ended role still reads its history (``history``): its figures of past cycles.
    """
    if not (_is_superuser(user) or roles_of(user) or history(user)):
        raise PermissionDenied


def require_anywhere(user, permission):
    """Raise PermissionDenied (403) unless ``can_anywhere()``."""
    if not can_anywhere(user, permission):
        raise PermissionDenied


def permitted(queryset, user, permission, via="organization"):
    """``queryset`` limited to objects at which ``user`` holds ``permission`` (for a form's choices).

    The same rule as ``can()``, as a query: the sub-trees of the user's
    assignments whose role is granted ``permission``.
    """
    granted_roles = _granted_roles(permission)
    if _is_superuser(user):
        return queryset
    paths = reach_paths(user, roles=granted_roles)
    if not paths:
        return queryset.none()
    return queryset.filter(_path_condition(paths, placement_lookups(queryset.model, via)[0]))


def at_home(queryset, user, permission=None, via="organization"):
    """``queryset`` limited to objects of the organizations where ``user`` holds a role, not their sub-trees.

    With ``permission``, only the roles granted it count: the committees in
    whose name the user may register a document or propose a directive.
    """
    assignments = RoleAssignment.objects.filter(user=user) if user is not None and user.is_authenticated else None
    if assignments is None or not user.is_active:
        return queryset.none()
    if permission is not None:
        assignments = assignments.filter(role__in=_granted_roles(permission))
    return queryset.filter(**{f"{via}__in" if via else "pk__in": assignments.values("organization")})


def scope_with_superiors(queryset, user, via="organization"):
    """``queryset`` limited to objects in the user's reach, of a committee above it, or of no organization.

    What a committee above issues concerns everyone under it: a ward secretary
    reads the city's documents and takes part in the city's review cycles; a
    cycle of no organization runs over the whole tree.
    """
    if _is_superuser(user):
        return queryset
    paths = reach_paths(user)
    reaches = history(user)
    if not paths and not reaches:
        return queryset.none()
    path_lookup, date_lookup = placement_lookups(queryset.model, via)
    condition = _path_condition(paths, path_lookup) | Q(**{f"{path_lookup}__in": _superiors(paths)})
    if reaches:
        condition |= _history_condition(user, path_lookup, date_lookup, superiors=True)
    if via:
        condition |= Q(**{f"{via}__isnull": True})
    return queryset.filter(condition)


def _superiors(paths):
    # A path is "<id>.<id>....": every prefix of it is a committee above.
    return {".".join(path.split(".")[: i + 1]) + "." for path in paths for i in range(path.count(".") - 1)}


def in_todays_tree(user, organization):
    """Whether ``organization`` is in today's reach of ``user`` or a committee above it (None: the whole tree).

    What a page opens on by default: the tree the user works in today, not a
    predecessor's or an ended role's history (``history``), which stays one click away.
    """
    if organization is None or _is_superuser(user):
        return True
    paths = reach_paths(user)
    return any(organization.path.startswith(path) or path.startswith(organization.path) for path in paths)


def second_factor_required(user):
    """Whether ``user`` must sign in with a second factor: a role in ``OTP_REQUIRED_ROLES`` ("superuser" too)."""
    required = set(settings.OTP_REQUIRED_ROLES)
    if not required:
        return False
    if _is_superuser(user) and "superuser" in required:
        return True
    return bool(roles_of(user) & required)


def holders(permission, organization):
    """The active users who hold ``permission`` at ``organization`` (a role there or at a committee above it).

    The people a step asks to act: who may decide an extension, accept a report,
    write one. The same rule as ``can()``, read the other way round.
    """
    granted_roles = _granted_roles(permission)
    parts = organization.path.rstrip(".").split(".")
    paths = [".".join(parts[: depth + 1]) + "." for depth in range(len(parts))]
    assigned = RoleAssignment.objects.filter(role__in=granted_roles, organization__path__in=paths)
    return User.objects.filter(is_active=True, pk__in=assigned.values("user_id")).order_by("pk")


def nearest_holders(permission, organization, roles=None):
    """The ``holders()`` who sit closest above ``organization`` (at it, else its parent, ...): who really acts.

    A branch secretary accepts the branch's individual reviews; the city staff,
    who may too, are not asked to. ``roles`` narrows the granted roles (the
    secretaries only). Returns a list, empty when nobody holds it.
    """
    granted_roles = _granted_roles(permission)
    if roles is not None:
        granted_roles = granted_roles & frozenset(roles)
    parts = organization.path.rstrip(".").split(".")
    paths = [".".join(parts[: depth + 1]) + "." for depth in range(len(parts))]
    assigned = RoleAssignment.objects.filter(
        role__in=granted_roles, organization__path__in=paths, user__is_active=True
    ).values_list("user_id", "organization__path")
    by_path = {}
    for user_id, path in assigned:
        by_path.setdefault(path, set()).add(user_id)
    for path in reversed(paths):
        if path in by_path:
            return list(User.objects.filter(pk__in=by_path[path]).order_by("pk"))
    return []
