"""The members a picker offers (``core.widgets``): one function for the form and its endpoint.

Like ``organizations.lookups``: the form's queryset and the endpoint's suggestions come from
``member_choices(user, **params)``, always within the user's reach (``accounts.access.scope``).
"""

from django import forms

from accounts import access
from members.models import Member
from organizations.models import Organization


def member_choices(user, *, within=None, leaders=False):
    """Members in ``user``'s reach; ``within``: of this organization's sub-tree; ``leaders``: 2A only."""
    queryset = access.scope(Member.objects.select_related("organization__parent"), user)
    if within:
        queryset = queryset.filter(organization__path__startswith=_path(within))
    if leaders:
        queryset = queryset.filter(is_leader=True)
    return queryset.order_by("search_text", "pk")


def _path(organization_pk):
    return Organization.objects.filter(pk=organization_pk).values_list("path", flat=True).first() or "-"


def describe(member):
    """One suggestion: the name, the position, and the organization with its superior."""
    position = member.party_position or member.government_position or member.mass_organization_position
    where = member.organization.long_name
    return {
        "id": member.pk,
        "label": member.full_name,
        "detail": f"{position} · {where}" if position else where,
        "choice": str(member),
    }


class LookupParams(forms.Form):
    """The query string of the endpoint; a bad value is dropped, never trusted."""

    within = forms.IntegerField(required=False, min_value=1)
    leaders = forms.BooleanField(required=False)

    def params(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
