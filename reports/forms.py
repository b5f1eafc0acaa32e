"""Forms of the reports app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.workflow import EditForm
from organizations.forms import OrganizationPicker
from organizations.models import Organization

TEXT_LIMIT = 20_000


class CycleReportTextForm(EditForm):
    """The texts of the working copy; "Finalize a version" is this form's submit (core.workflow)."""

    assessment = forms.CharField(
        label=_("Assessment"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The Standing Committee's assessment of the cycle's results."),
    )
    direction = forms.CharField(
        label=_("Directions for the coming period"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class CycleReportScopeForm(forms.Form):
    """The scope of the cycle report: the user's own organizations, the grassroots ones in reach, the
    cycle's committee; picked on the server, a province has too many for a list."""

    organization = OrganizationPicker(label=_("Scope"))

    def __init__(self, *args, user, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Organization.objects.visible_to(user)
        committee = visible.filter(pk=cycle.organization_id) if cycle and cycle.organization_id else visible.none()
        field = self.fields["organization"]
        field.pick(user, extra=committee, grassroots=True, homes_too=True)
        field.initial = (committee | visible.homes_of(user)).order_by("path").first()
