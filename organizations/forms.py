"""Forms of the organization pages: list filters, create/edit, close."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import FilterForm
from core.locking import EditLockFormMixin
from core.widgets import AutocompleteChoiceField, AutocompleteMultipleChoiceField
from organizations.lookups import organization_choices
from organizations.models import BRANCH_KINDS, GRASSROOTS_KINDS, Organization, OrganizationKind, Sector

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations named with their superior, since many branches share a name (a short list only)."""

    def label_from_instance(self, obj):
        return obj.long_name


class _OrganizationPicking:
    """Searched on the server among ``organization_choices(user, **params)`` (``core.widgets``);
    the form calls ``pick(user, **params)`` in its ``__init__``."""

    model = Organization
    lookup = "organizations:lookup"
    choices_of = staticmethod(organization_choices)

    def label_from_instance(self, obj):
        return obj.long_name


class OrganizationPicker(_OrganizationPicking, AutocompleteChoiceField):
    """One organization, for a list too long for a ``<select>``."""


class OrganizationsPicker(_OrganizationPicking, AutocompleteMultipleChoiceField):
    """Several organizations, for a list too long for checkboxes."""


# The dashboard's headline counts: grassroots organizations first, the branches under them apart.
TIER_KINDS = {"grassroots": GRASSROOTS_KINDS, "branches": BRANCH_KINDS}
TIER_CHOICES = [
    ("", _("All levels")),
    ("grassroots", _("Grassroots organizations")),
    ("branches", _("Branches and departmental committees")),
]


class OrganizationFilterForm(FilterForm):
    STATE_CHOICES = [
        ("active", pgettext_lazy("organization state", "Active")),
        ("closed", pgettext_lazy("organization state", "Closed")),
        ("all", pgettext_lazy("organization state", "All")),
    ]

    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES, initial="active")
    tier = forms.ChoiceField(label=_("Organization tier"), required=False, choices=TIER_CHOICES)

    lookups = {"sector": "sector", "kind": "kind"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control" if field is self.fields["q"] else "form-select"

    def filter_tier(self, queryset, tier):
        return queryset.filter(kind__in=TIER_KINDS[tier])

    def filter_state(self, queryset, state):
        today = timezone.localdate()
        if state == "active":
            return queryset.active_on(today)
        if state == "closed":
            return queryset.filter(valid_to__lte=today)
        return queryset


class OrganizationForm(EditLockFormMixin, forms.ModelForm):
    parent = OrganizationPicker(label=_("Superior organization"))

    class Meta:
        model = Organization
        fields = ["name", "code", "kind", "sector", "parent", "valid_from", "valid_to", "description"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"code": {"unique": _("Another organization already uses this code.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Not its own sub-tree; the current parent stays a choice even if it has since closed.
            self.fields["parent"].pick(
                user,
                extra=Organization.objects.filter(pk=self.instance.parent_id),
                perm="organization.change",
                active=True,
                exclude=self.instance.pk,
            )
            if self.instance.parent_id is None:
                self.fields["parent"].required = False
        else:
            self.fields["parent"].pick(user, perm="organization.change", active=True)


class OrganizationCloseForm(forms.Form):
    on_date = forms.DateField(label=_("Closing date"), widget=DATE_WIDGET)
    successor = OrganizationPicker(
        label=_("Successor"),
        required=False,
        help_text=_("For a merger or a renaming: the organization that takes over its sub-units and members."),
    )

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on_date"].initial = today
        self.fields["successor"].pick(user, perm="organization.change", active=True, exclude=organization.pk)
