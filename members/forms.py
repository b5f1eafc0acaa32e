"""Forms of the member pages: list filters and the member record."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.filters import FilterForm
from core.locking import EditLockFormMixin
from core.widgets import AutocompleteChoiceField, AutocompleteMultipleChoiceField
from members.lookups import member_choices
from members.models import LeadershipBody, LeadershipSeat, Member, MemberStatus, ReviewForm, Sex
from organizations.forms import DATE_WIDGET, OrganizationPicker
from organizations.models import Organization


class MemberFilterForm(FilterForm):
    organization = OrganizationPicker(label=_("Organization"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *MemberStatus.choices]
    )
    review_form = forms.ChoiceField(
        label=_("Review form"), required=False, choices=[("", _("All forms")), *ReviewForm.choices]
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("Both")), *Sex.choices])

    lookups = {"status": "status", "sex": "sex"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].pick(user)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name in ("q", "organization") else "form-select"

    def filter_organization(self, queryset, organization):
        """An organization filter covers its sub-tree."""
        return queryset.in_subtree(organization)

    def filter_review_form(self, queryset, review_form):
        return queryset.with_review_form(review_form)


class MemberForm(EditLockFormMixin, forms.ModelForm):
    organization = OrganizationPicker(label=_("Organization"))

    class Meta:
        model = Member
        fields = [
            "full_name",
            "sex",
            "date_of_birth",
            "card_number",
            "citizen_id",
            "phone",
            "email",
            "organization",
            "admission_date",
            "full_membership_date",
            "party_position",
            "government_position",
            "mass_organization_position",
            "is_leader",
            "works_in_political_system",
            "status",
            "status_since",
        ]
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "admission_date": DATE_WIDGET,
            "full_membership_date": DATE_WIDGET,
            "status_since": DATE_WIDGET,
        }
        error_messages = {"card_number": {"unique": _("Another member already has this Party card number.")}}

    def __init__(self, *args, user, organization, **kwargs):
        """``organization``: where the member is (or is being added); it decides who sees the citizen ID."""
        super().__init__(*args, **kwargs)
        # Only organizations where the user may change members; the current one stays a choice.
        current = Organization.objects.filter(pk=self.instance.organization_id) if self.instance.pk else None
        self.fields["organization"].pick(user, extra=current, perm="member.change", active=True)
        if not access.can(user, "member.view_citizen_id", organization):
            del self.fields["citizen_id"]


class _MemberPicking:
    """Searched on the server among ``member_choices(user, **params)`` (``core.widgets``): the name,
    position and organization show in the suggestions; the form calls ``pick(user, **params)``."""

    model = Member
    lookup = "members:lookup"
    choices_of = staticmethod(member_choices)


class MemberPicker(_MemberPicking, AutocompleteChoiceField):
    """One member."""


class MembersPicker(_MemberPicking, AutocompleteMultipleChoiceField):
    """Several members."""


class LeadershipBodyForm(EditLockFormMixin, forms.ModelForm):
    class Meta:
        model = LeadershipBody
        fields = ["kind", "name"]
        widgets = {"kind": forms.Select(attrs={"class": "form-select"})}


class SeatForm(forms.Form):
    """A new seat: the member is picked among the members of the collective's organization and those under it."""

    member = MemberPicker(label=_("Party member"))
    title = forms.CharField(label=_("Title in the collective"), max_length=100)
    position = forms.IntegerField(
        label=_("Order in the collective"),
        min_value=1,
        max_value=999,
        initial=100,
        help_text=_("The head first (1), then the deputies, then the members."),
    )
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(
        label=_("To"), widget=DATE_WIDGET, required=False, help_text=_("Empty while the seat is held.")
    )

    def __init__(self, *args, user, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].pick(user, within=body.organization_id)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A seat must end after the day it starts."))
        return data


class SeatEditForm(EditLockFormMixin, forms.ModelForm):
    """A seat's title and order; its member and dates are not edited (a seat is ended, and a new one added)."""

    class Meta:
        model = LeadershipSeat
        fields = ["title", "position"]
        help_texts = {"position": _("The head first (1), then the deputies, then the members.")}


class EndSeatForm(forms.Form):
    end = forms.DateField(
        label=_("Last day out of the seat"),
        widget=DATE_WIDGET,
        help_text=_("The first day the comrade no longer sits in the collective."),
    )
