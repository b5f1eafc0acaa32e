"""The organization and member exports, with the list pages' GET filters.

They live here until the organizations and members apps register their own
(``<app>/exports.py`` is discovered at start-up). Filters: ``q`` (search),
``sector``, ``kind``, ``status`` and ``organization`` (that organization's
sub-tree, when the user reaches it); members also take ``review_form``.
Unknown filter values are ignored, as on the list pages.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from core import lists
from core.exports import Column
from members.models import Member, MemberStatus, ReviewForm
from organizations.models import Organization, OrganizationKind, Sector
from reports.registry import register

# The review form is a property of Member (leader → 2A, political system → 2B,
# else 2C); these conditions are the same rule in SQL, for counts and filters.
REVIEW_FORM_CONDITIONS = {
    ReviewForm.FORM_2A: Q(is_leader=True),
    ReviewForm.FORM_2B: Q(is_leader=False, works_in_political_system=True),
    ReviewForm.FORM_2C: Q(is_leader=False, works_in_political_system=False),
}


class OrganizationStatus:
    """Organization "status" filter values: open today, or closed by a restructuring."""

    ACTIVE = "active"
    CLOSED = "closed"


def _label(model, field):
    return capfirst(model._meta.get_field(field).verbose_name)


def _choice(params, name, choices):
    value = params.get(name)
    return value if value in choices else None


def _filter_subtree(queryset, user, params, via):
    """Limit to the sub-tree of ``params["organization"]``; nothing if the user does not reach it."""
    raw = params.get("organization")
    if not raw:
        return queryset
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return queryset
    root = access.visible_organizations(user).filter(pk=pk).values_list("path", flat=True).first()
    if root is None:
        return queryset.none()
    lookup = f"{via}__path__startswith" if via else "path__startswith"
    return queryset.filter(**{lookup: root})


def organizations_for(user, params):
    queryset = access.scope(Organization.objects.select_related("parent"), user, via="")
    queryset = lists.search(queryset, params.get("q"))
    if sector := _choice(params, "sector", Sector.values):
        queryset = queryset.filter(sector=sector)
    if kind := _choice(params, "kind", OrganizationKind.values):
        queryset = queryset.filter(kind=kind)
    today = timezone.localdate()
    status = params.get("status")
    if status == OrganizationStatus.ACTIVE:
        queryset = queryset.active_on(today)
    elif status == OrganizationStatus.CLOSED:
        queryset = queryset.filter(valid_to__lte=today)
    return _filter_subtree(queryset, user, params, via="").order_by("path")


def members_for(user, params):
    queryset = access.scope(Member.objects.select_related("organization"), user, via="organization")
    queryset = lists.search(queryset, params.get("q"))
    if status := _choice(params, "status", MemberStatus.values):
        queryset = queryset.filter(status=status)
    if form := _choice(params, "review_form", ReviewForm.values):
        queryset = queryset.filter(REVIEW_FORM_CONDITIONS[form])
    if sector := _choice(params, "sector", Sector.values):
        queryset = queryset.filter(organization__sector=sector)
    if kind := _choice(params, "kind", OrganizationKind.values):
        queryset = queryset.filter(organization__kind=kind)
    return _filter_subtree(queryset, user, params, via="organization").order_by("organization__path", "full_name", "pk")


ORGANIZATION_COLUMNS = (
    Column(_label(Organization, "name"), "name", width=45),
    Column(_label(Organization, "code"), "code", width=14),
    Column(_label(Organization, "kind"), "get_kind_display", width=30),
    Column(_label(Organization, "sector"), "get_sector_display", width=16),
    Column(_label(Organization, "parent"), "parent.name", width=40),
    Column(_label(Organization, "valid_from"), "valid_from", width=14),
    Column(_label(Organization, "valid_to"), "valid_to", width=14),
)

MEMBER_COLUMNS = (
    Column(_label(Member, "full_name"), "full_name", width=28),
    Column(_label(Member, "card_number"), "card_number", width=16),
    Column(_label(Member, "organization"), "organization.name", width=40),
    Column(_label(Member, "status"), "get_status_display", width=24),
    Column(_("Review form"), lambda member: ReviewForm(member.review_form).label, width=36),
    Column(_label(Member, "admission_date"), "admission_date", width=14),
)

register(
    "organizations",
    organizations_for,
    ORGANIZATION_COLUMNS,
    title=_("Organizations"),
    filters=("q", "sector", "kind", "status", "organization"),
)
register(
    "members",
    members_for,
    MEMBER_COLUMNS,
    title=_("Party members"),
    filters=("q", "sector", "kind", "status", "organization", "review_form"),
)
