"""Forms of the member pages: list filters and the member record."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.filters import FilterForm
from members.models import Member, MemberStatus, ReviewForm, Sex
from organizations.forms import DATE_WIDGET, OrganizationChoiceField
from organizations.models import Organization


class MemberFilterForm(FilterForm):
    organization = OrganizationChoiceField(
        label=_("Organization"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("All organizations"),
    )
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
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user).select_related("parent").order_by("path")
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control" if field is self.fields["q"] else "form-select"

    def filter_organization(self, queryset, organization):
        """An organization filter covers its sub-tree."""
        return queryset.in_subtree(organization)

    def filter_review_form(self, queryset, review_form):
        return queryset.with_review_form(review_form)


class MemberForm(forms.ModelForm):
    organization = OrganizationChoiceField(label=_("Organization"), queryset=Organization.objects.none())

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
        today = timezone.localdate()
        # Only organizations where the user may change members; the current one stays a choice.
        choices = Organization.objects.permitted_to(user, "member.change").active_on(today)
        if self.instance.pk:
            choices = choices | Organization.objects.filter(pk=self.instance.organization_id)
        self.fields["organization"].queryset = choices.select_related("parent").order_by("path")
        if not access.can(user, "member.view_citizen_id", organization):
            del self.fields["citizen_id"]
