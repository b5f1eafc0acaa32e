"""Forms of the organization pages: list filters, create/edit, close."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import FilterForm
from core.locking import EditLockFormMixin
from core.widgets import AutocompleteChoiceField, AutocompleteMultipleChoiceField
from organizations import services
from organizations.hooks import closing_holdings
from organizations.lookups import organization_choices
from organizations.models import (
    BRANCH_KINDS,
    GRASSROOTS_KINDS,
    Organization,
    OrganizationEvent,
    OrganizationKind,
    Sector,
)

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


# --- the restructuring events' forms ----------------------------------------------------------------------------


class EventForm(forms.Form):
    """What every event asks: the date it takes effect and its legal basis (``services.Basis``).

    The page shows a summary to confirm before the event is recorded
    (``summary()``, ``ready()``); the confirmed form is sent again with
    ``confirmed``, its fields hidden.
    """

    on_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    basis_number = forms.CharField(
        label=_("Decision number and symbol"), max_length=64, help_text=_("For example 1674/NQ-UBTVQH15.")
    )
    basis_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    basis_issuer = forms.CharField(label=_("Issued by"), max_length=255)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.organization = organization

    def basis(self):
        data = self.cleaned_data
        return services.Basis(data["basis_number"], data["basis_date"], data["basis_issuer"], data["note"])

    def _event(self):
        data = self.cleaned_data
        return OrganizationEvent(
            basis_number=data["basis_number"], basis_date=data["basis_date"], basis_issuer=data["basis_issuer"]
        )

    def ready(self):
        """Whether the form holds everything the event needs (a split first asks for its assignments)."""
        return True

    def summary(self):
        """``[(label, text)]`` shown for confirmation."""
        data = self.cleaned_data
        return [
            (_("Effective date"), data["on_date"].strftime("%d/%m/%Y")),
            (_("Legal basis"), self._event().basis),
        ]


def _holdings_summary(organization):
    """What an ending organization hands over: its sub-units and each holding's items, counted."""
    rows = [(_("Sub-units that move"), organization.children.filter(valid_to__isnull=True).count())]
    rows += [(holding.label, len(holding.items(organization))) for holding in closing_holdings if holding.items]
    return [(label, str(count)) for label, count in rows]


class NewOrganizationFields(forms.Form):
    """A new successor's name and code (kind, sector and superior from the organization it comes from)."""

    new_name = forms.CharField(label=_("Name of the new organization"), max_length=255, required=False)
    new_code = forms.CharField(label=_("Code of the new organization"), max_length=32, required=False)

    def new_organization(self, like):
        return Organization(
            name=self.cleaned_data["new_name"].strip(),
            code=self.cleaned_data["new_code"].strip(),
            kind=like.kind,
            sector=like.sector,
            parent=self.cleaned_data.get("parent") or like.parent,
        )


class MergeForm(NewOrganizationFields, EventForm):
    others = OrganizationsPicker(
        label=_("Merged together with"), required=False, help_text=_("The other organizations merged with this one.")
    )
    successor = OrganizationPicker(
        label=_("Into an existing organization"),
        required=False,
        help_text=_("Leave empty to form a new organization with the name and code below."),
    )
    parent = OrganizationPicker(label=_("Superior of the new organization"), required=False)

    field_order = ["others", "successor", "new_name", "new_code", "parent", "on_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.organization
        self.fields["others"].pick(self.user, perm="organization.change", active=True, exclude=organization.pk)
        self.fields["successor"].pick(self.user, perm="organization.change", active=True, exclude=organization.pk)
        self.fields["parent"].pick(self.user, perm="organization.change", active=True, exclude=organization.pk)
        self.fields["parent"].initial = organization.parent_id

    def clean(self):
        data = super().clean()
        if not data.get("successor") and not (data.get("new_name", "").strip() and data.get("new_code", "").strip()):
            self.add_error("successor", _("Choose the organization merged into, or name and code a new one."))
        elif data.get("successor") and data.get("new_name", "").strip():
            self.add_error("new_name", _("Either an existing organization or a new one, not both."))
        elif not data.get("successor") and Organization.objects.filter(code=data["new_code"].strip()).exists():
            self.add_error("new_code", _("Another organization already uses this code."))
        return data

    def predecessors(self):
        return [self.organization, *self.cleaned_data.get("others", [])]

    def into(self):
        return self.cleaned_data.get("successor") or self.new_organization(self.organization)

    def summary(self):
        into = self.into()
        names = ", ".join(organization.name for organization in self.predecessors())
        rows = [
            (_("Merged"), names),
            (_("Successor"), into.name if into.pk else _("%(name)s (new)") % {"name": into.name}),
        ]
        for organization in self.predecessors():
            rows += [(f"{organization.name}: {label}", count) for label, count in _holdings_summary(organization)]
        return rows + super().summary()


class SplitForm(NewOrganizationFields, EventForm):
    """Step 1: the successors (new ones, one "code | name" per line, or existing); step 2: who takes what."""

    new_successors = forms.CharField(
        label=_("New successors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "P-DA | Đảng bộ phường Đông A"}),
        help_text=_("One per line: code | name. Kind, sector and superior are those of the organization split."),
    )
    existing = OrganizationsPicker(label=_("Existing successors"), required=False)
    field_order = ["new_successors", "existing", "on_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["new_name"], self.fields["new_code"]
        self.fields["existing"].pick(self.user, perm="organization.change", active=True, exclude=self.organization.pk)
        self.assignment_fields = []
        self._successors = self._successors_from(self.data) if self.is_bound else []
        if len(self._successors) >= 2:
            self._add_assignment_fields()

    def _successors_from(self, data):
        """The successors as typed, before validation (the assignment's choices): new ones, then existing."""
        successors = []
        for line in (data.get("new_successors") or "").splitlines():
            code, _bar, name = line.partition("|")
            if code.strip() and name.strip():
                successors.append(
                    Organization(
                        name=name.strip(),
                        code=code.strip(),
                        kind=self.organization.kind,
                        sector=self.organization.sector,
                        parent=self.organization.parent,
                    )
                )
        ids = [value for value in data.getlist("existing") if str(value).isdigit()] if hasattr(data, "getlist") else []
        choices = self.fields["existing"].queryset.filter(pk__in=ids).order_by("name")
        return successors + list(choices)

    def _add_assignment_fields(self):
        choices = [("", "—")] + [(str(index), successor.name) for index, successor in enumerate(self._successors)]
        groups = [
            (
                "children",
                _("Sub-unit"),
                [(c.pk, c.name) for c in self.organization.children.filter(valid_to__isnull=True)],
            )
        ]
        groups += [
            (h.name, h.label, h.items(self.organization)) for h in closing_holdings if h.holds(self.organization)
        ]
        for name, label, items in groups:
            for key, item_label in items:
                field_name = f"{name}_{key}"
                self.fields[field_name] = forms.TypedChoiceField(
                    label=f"{label}: {item_label}", choices=choices, coerce=int, required=False, empty_value=None
                )
                self.fields[field_name].widget.attrs["class"] = "form-select"
                self.assignment_fields.append((name, key, field_name))

    def clean(self):
        data = super().clean()
        new_lines = [line for line in (data.get("new_successors") or "").splitlines() if line.strip()]
        for line in new_lines:
            code, bar, name = line.partition("|")
            if not bar or not code.strip() or not name.strip():
                self.add_error("new_successors", _("Write each new successor as: code | name."))
                return data
            if Organization.objects.filter(code=code.strip()).exists():
                self.add_error(
                    "new_successors", _("Another organization already uses the code %(code)s.") % {"code": code.strip()}
                )
        if len(new_lines) + len(data.get("existing") or []) < 2:
            self.add_error("new_successors", _("A split needs at least two successors."))
        return data

    def main_fields(self):
        names = {field_name for _group, _key, field_name in self.assignment_fields}
        return [field for field in self if field.name not in names]

    def assignment_rows(self):
        return [self[field_name] for _group, _key, field_name in self.assignment_fields]

    def ready(self):
        """Once the successors are known, the assignments are asked for (``assigning``), then confirmed."""
        return "assigning" in self.data or not self.assignment_fields

    def successors(self):
        return self._successors

    def assignments(self):
        result = {}
        for name, key, field_name in self.assignment_fields:
            index = self.cleaned_data.get(field_name)
            if index is not None:
                result.setdefault(name, {})[key] = index
        return result

    def summary(self):
        rows = [(_("Successors"), ", ".join(successor.name for successor in self._successors))]
        for _group, _key, field_name in self.assignment_fields:
            index = self.cleaned_data.get(field_name)
            chosen = self._successors[index].name if index is not None and index < len(self._successors) else "—"
            rows.append((self.fields[field_name].label, chosen))
        return rows + super().summary()


class RenameForm(EventForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["name", "on_date"]

    def summary(self):
        return [
            (_("Former name"), self.organization.name),
            (_("New name"), self.cleaned_data["name"]),
        ] + super().summary()


class MoveForm(EventForm):
    parent = OrganizationPicker(label=_("New superior organization"))
    field_order = ["parent", "on_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].pick(self.user, perm="organization.change", active=True, exclude=self.organization.pk)

    def summary(self):
        former = self.organization.parent.name if self.organization.parent_id else "—"
        rows = [(_("Former superior"), former), (_("New superior"), self.cleaned_data["parent"].name)]
        return rows + super().summary()


class DissolveForm(EventForm):
    successor = OrganizationPicker(
        label=_("Successor"),
        required=False,
        help_text=_("Keeps its history and takes its sub-units, members and open work."),
    )
    field_order = ["successor", "on_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].pick(self.user, perm="organization.change", active=True, exclude=self.organization.pk)
        self.fields["on_date"].initial = timezone.localdate()

    def summary(self):
        successor = self.cleaned_data.get("successor")
        rows = [(_("Successor"), successor.name if successor else "—"), *_holdings_summary(self.organization)]
        return rows + super().summary()
