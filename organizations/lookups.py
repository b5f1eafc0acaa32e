"""The organizations a picker offers (``core.widgets``): one function for the form and its endpoint.

A form builds its field's queryset with ``organization_choices(user, **params)`` and hands the same
``params`` to the widget; the endpoint (``views.organization_lookup``) reads them back from the
query string with ``LookupParams``, so the suggestions are exactly the valid choices, in the
user's reach (``accounts.access``).
"""

from django import forms
from django.utils import timezone

from accounts import access
from organizations.models import Organization


def organization_choices(
    user, *, perm=None, home=None, grassroots=False, homes_too=False, active=False, within=None, exclude=None
):
    """Organizations in ``user``'s reach; ``perm``: where they hold it; ``home``: where they hold a role
    granted it (not the sub-trees); ``grassroots``: grassroots ones only (``homes_too``: and the user's
    own organizations); ``within``: in this organization's sub-tree; ``exclude``: not in it."""
    queryset = Organization.objects.visible_to(user)
    if perm:
        queryset = access.permitted(queryset, user, perm, via="")
    if home:
        queryset = access.at_home(queryset, user, home, via="")
    if grassroots:
        queryset = (
            queryset.grassroots() | access.at_home(queryset, user, via="") if homes_too else queryset.grassroots()
        )
    if active:
        queryset = queryset.active_on(timezone.localdate())
    if within:
        queryset = queryset.filter(path__startswith=_path(within))
    if exclude:
        queryset = queryset.exclude(path__startswith=_path(exclude))
    return queryset.select_related("parent").order_by("path")


def _path(organization_pk):
    # An unknown pk matches no path ("-" starts none), so ``within`` then offers nothing.
    return Organization.objects.filter(pk=organization_pk).values_list("path", flat=True).first() or "-"


def describe(organization):
    """One suggestion: the name, and where it sits (its superior and kind)."""
    detail = organization.parent.name if organization.parent_id else ""
    return {
        "id": organization.pk,
        "label": organization.name,
        "detail": f"{detail} · {organization.get_kind_display()}" if detail else organization.get_kind_display(),
        "choice": organization.long_name,
    }


class LookupParams(forms.Form):
    """The query string of the endpoint; an unknown permission or a bad value is dropped, never trusted."""

    perm = forms.ChoiceField(required=False, choices=[("", "")] + [(name, name) for name in access.PERMISSIONS])
    home = forms.ChoiceField(required=False, choices=[("", "")] + [(name, name) for name in access.PERMISSIONS])
    grassroots = forms.BooleanField(required=False)
    homes_too = forms.BooleanField(required=False)
    active = forms.BooleanField(required=False)
    within = forms.IntegerField(required=False, min_value=1)
    exclude = forms.IntegerField(required=False, min_value=1)

    def params(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
