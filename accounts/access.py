"""The one access module: who may see and who may change what. Default deny.

Reach comes from the organization tree: a role assignment at an organization
reaches that organization and everything below it. Every view, list, export
and task scopes its queryset with ``scope()`` and loads single objects with
``get_or_404()``, so an object outside the user's reach answers 404; a visible
object that the user may not change answers 403 through ``require()``.

Permissions are named ``"<thing>.<verb>"`` and granted to roles in
``PERMISSIONS``; a name that is not in the table is a programming error.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Role, RoleAssignment

ALL_ROLES = frozenset(Role)
CITY = frozenset({Role.CITY_STAFF})

PERMISSIONS = {
    "organization.view": ALL_ROLES,
    "organization.change": CITY,
    "member.view": ALL_ROLES,
    "member.view_citizen_id": CITY,
    "member.change": frozenset({Role.CITY_STAFF, Role.SECRETARY}),
    # documents and directives (register of directing documents, in-depth review directives)
    "document.change": CITY,
    "directive.catalogue": CITY,
    "directive.propose": frozenset({Role.CITY_STAFF, Role.INSPECTION}),
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
    # notifications: reminder schedules and the failed-delivery list are city business.
    "notification.configure": CITY,
    "notification.view_failed": CITY,
    # reports: the cycle report to the Executive Committee (texts and finalizing)
    "report.edit": CITY,
}

_CACHE_ATTR = "_access_assignments"


def assignments(user):
    """(role, organization path) pairs of ``user``, cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # Roles at organizations that were since closed still reach their history.
        cached = tuple(RoleAssignment.objects.filter(user=user).values_list("role", "organization__path"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user):
    """Drop the cached assignments (after roles change within one request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user):
    return {role for role, _path in assignments(user)}


def has_role(user, *roles):
    return bool(roles_of(user) & set(roles))


def reach_paths(user, roles=None):
    """The tree paths the user reaches, optionally only through ``roles``."""
    paths = sorted({path for role, path in assignments(user) if roles is None or role in roles})
    # Drop paths already covered by a shorter one so filters stay small.
    kept = []
    for path in paths:
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def _path_condition(paths, via):
    lookup = f"{via}__path__startswith" if via else "path__startswith"
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{lookup: path})
    return condition


def scope(queryset, user, via="organization"):
    """``queryset`` limited to objects whose organization the user reaches.

    ``via`` is the lookup from the model to its organization ("" for
    organizations themselves, "collective_review__organization" for a row two
    steps away). Superusers see everything.
    """
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    paths = reach_paths(user)
    if not paths:
        return queryset.none()
    return queryset.filter(_path_condition(paths, via))


def get_or_404(queryset, user, via="organization", **lookup):
    """One object the user may see, or 404 (never 403: existence is not revealed)."""
    try:
        return scope(queryset, user, via).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def can(user, permission, organization):
    """Whether ``user`` holds ``permission`` at ``organization`` through a role above it."""
    try:
        granted_roles = PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}") from None
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(role in granted_roles and organization.path.startswith(path) for role, path in assignments(user))


def require(user, permission, organization):
    """Raise PermissionDenied (403) unless ``can()``."""
    if not can(user, permission, organization):
        raise PermissionDenied


def visible_organizations(user):
    from organizations.models import Organization

    return scope(Organization.objects.all(), user, via="")


def permitted_organizations(user, permission):
    """Organizations at which ``user`` holds ``permission`` (for the choices of a form).

    The same rule as ``can()``, as a queryset: the sub-trees of the user's
    assignments whose role is granted ``permission``.
    """
    from organizations.models import Organization

    try:
        granted_roles = PERMISSIONS[permission]
    except KeyError:
        raise ValueError(f"Unknown permission {permission!r}") from None
    organizations = Organization.objects.all()
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return organizations
    return organizations.under_paths(reach_paths(user, roles=granted_roles))


def home_organizations(user):
    """The organizations at which the user holds a role (not their sub-trees)."""
    from organizations.models import Organization

    return Organization.objects.filter(role_assignments__user=user).distinct()
