"""The organization and member exports: the rows of the list pages, with their filters.

An export applies the list page's own filter form (``OrganizationFilterForm``,
``MemberFilterForm``) to the same access scope, so the file holds exactly the
rows the list shows for the same query string (every page of them), in
hierarchy order. Unknown or invalid filter values are ignored, as on the lists.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.exports import Column
from members.forms import MemberFilterForm
from members.models import Member, ReviewForm
from organizations.forms import OrganizationFilterForm
from organizations.models import Organization
from reports.registry import register


def _label(model, field):
    return capfirst(model._meta.get_field(field).verbose_name)


def organizations_for(user, params):
    queryset = access.scope(Organization.objects.select_related("parent"), user, via="")
    return OrganizationFilterForm(params).filter(queryset).order_by("path")


def members_for(user, params):
    queryset = access.scope(Member.objects.select_related("organization"), user, via="organization")
    filtered = MemberFilterForm(params, user=user).filter(queryset)
    return filtered.order_by("organization__path", "full_name", "pk")


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
    filters=tuple(OrganizationFilterForm.base_fields),
)
register(
    "members",
    members_for,
    MEMBER_COLUMNS,
    title=_("Party members"),
    filters=tuple(MemberFilterForm.base_fields),
)
