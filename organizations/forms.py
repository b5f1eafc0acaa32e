"""Forms of the organization pages: list filters, create/edit, close."""

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import FilterForm
from core.widgets import LongSelect
from organizations.models import Organization, OrganizationKind, Sector

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class _NamedChoices(ModelChoiceIterator):
    """The options as (id, label) read with ``values_list``: no two model instances per organization."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name, parent_name in self.queryset.values_list("pk", "name", "parent__name"):
            yield ModelChoiceIteratorValue(pk, None), _label(name, parent_name)


def _label(name, parent_name):
    return f"{name} — {parent_name}" if parent_name else name


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations named with their superior, since many branches share a name.

    A province has thousands: the options are read as values (``_NamedChoices``) and written
    without a template each (``core.widgets.LongSelect``).
    """

    widget = LongSelect
    iterator = _NamedChoices

    def label_from_instance(self, obj):
        return _label(obj.name, obj.parent.name if obj.parent_id else None)


class OrganizationFilterForm(FilterForm):
    STATE_CHOICES = [
        ("active", pgettext_lazy("organization state", "Active")),
        ("closed", pgettext_lazy("organization state", "Closed")),
        ("all", pgettext_lazy("organization state", "All")),
    ]

    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES, initial="active")

    lookups = {"sector": "sector", "kind": "kind"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control" if field is self.fields["q"] else "form-select"

    def filter_state(self, queryset, state):
        today = timezone.localdate()
        if state == "active":
            return queryset.active_on(today)
        if state == "closed":
            return queryset.filter(valid_to__lte=today)
        return queryset


class OrganizationForm(forms.ModelForm):
    parent = OrganizationChoiceField(label=_("Superior organization"), queryset=Organization.objects.none())

    class Meta:
        model = Organization
        fields = ["name", "code", "kind", "sector", "parent", "valid_from", "valid_to", "description"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"code": {"unique": _("Another organization already uses this code.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        choices = Organization.objects.permitted_to(user, "organization.change").active_on(today)
        if self.instance.pk:
            # Not its own sub-tree; the current parent stays a choice even if it has since closed.
            choices = choices.exclude(path__startswith=self.instance.path) | Organization.objects.filter(
                pk=self.instance.parent_id
            )
            if self.instance.parent_id is None:
                self.fields["parent"].required = False
        self.fields["parent"].queryset = choices.select_related("parent").order_by("path")


class OrganizationCloseForm(forms.Form):
    on_date = forms.DateField(label=_("Closing date"), widget=DATE_WIDGET)
    successor = OrganizationChoiceField(
        label=_("Successor"),
        required=False,
        queryset=Organization.objects.none(),
        help_text=_("For a merger or a renaming: the organization that takes over its sub-units and members."),
    )

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on_date"].initial = today
        self.fields["successor"].queryset = (
            Organization.objects.permitted_to(user, "organization.change")
            .active_on(today)
            .exclude(path__startswith=organization.path)
            .select_related("parent")
            .order_by("path")
        )
