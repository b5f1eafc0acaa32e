"""Forms of the commitment pages; they check the input's shape, the services check the rules."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import (
    EVIDENCE_KINDS,
    CarryOverAssessment,
    CommitmentStatus,
    ProgressStage,
    SourceKind,
    VerificationOutcome,
)
from core.filters import FilterForm, SearchField
from core.uploads import validate_upload
from organizations.forms import OrganizationPicker
from reviews.models import ReviewCycle

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Zero or more evidence files, each checked by content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence files (PDF, images, DOCX, XLSX)"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(EvidenceField, self).clean(item, initial) for item in files]
        for item in cleaned:
            validate_upload(item, EVIDENCE_KINDS)
        return cleaned


class CommitmentRowForm(forms.Form):
    shortcoming = forms.CharField(label=_("Shortcoming"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label=_("Remedial measure"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)
    accountable_name = forms.CharField(
        label=_("Accountable person"),
        required=False,
        max_length=150,
        help_text=_("Leave empty for the default: the member, or the organization's secretary."),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be before today, the creation date."))
        return deadline


CommitmentRowFormSet = formset_factory(CommitmentRowForm, extra=3, max_num=50, validate_max=True)


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=timezone.localdate)
    percentage = forms.IntegerField(
        label=_("Percentage done"),
        required=False,
        min_value=0,
        max_value=100,
        # One message whichever bound is crossed, the same the service gives.
        error_messages={
            "min_value": _("The percentage must be between 0 and 100."),
            "max_value": _("The percentage must be between 0 and 100."),
            "invalid": _("The percentage must be between 0 and 100."),
        },
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", "---------"), *ProgressStage.choices])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = EvidenceField()

    def clean(self):
        data = super().clean()
        # A percentage refused above is not a missing one: its own message is enough.
        if data.get("percentage") is None and "percentage" not in self.errors and not data.get("stage"):
            raise forms.ValidationError(_("Enter a percentage or a stage."))
        return data


class ReportCompletedForm(forms.Form):
    summary = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("The summary of the result.")
    )
    files = EvidenceField()


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VerificationOutcome.choices, widget=forms.RadioSelect)
    assessment = forms.CharField(
        label=_("Assessment of effectiveness"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required. When not effective, this is the reason given to the owner."),
    )


class ExtensionRequestForm(forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CarryOverAssessForm(forms.Form):
    assessment = forms.ChoiceField(label=_("Assessment"), choices=CarryOverAssessment.choices)
    degree = forms.IntegerField(label=_("Degree remedied (%)"), required=False, min_value=0, max_value=100)

    def clean(self):
        data = super().clean()
        if data.get("assessment") == CarryOverAssessment.IN_PROGRESS and data.get("degree") is None:
            self.add_error("degree", _("Enter the degree remedied, between 0 and 100%."))
        return data


class QueueFilterForm(FilterForm):
    q = None
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=ReviewCycle.objects.all())
    organization = OrganizationPicker(label=_("Organization"), required=False)

    lookups = {"cycle": "cycle"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].pick(user, grassroots=True)

    def filter_organization(self, queryset, organization):
        return queryset.filter(organization__path__startswith=organization.path)


class CommitmentFilterForm(QueueFilterForm):
    """The commitment list's filters; ``today`` is the day the list's overdue annotation was computed for."""

    q = SearchField()
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All")), *SourceKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *CommitmentStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    extended = forms.BooleanField(label=_("Extended only"), required=False)

    field_order = ["q"]
    lookups = {**QueueFilterForm.lookups, "source": "source_kind", "status": "status"}

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_overdue(self, queryset, _overdue):
        return queryset.overdue(self.today)

    def filter_extended(self, queryset, _extended):
        return queryset.filter(extension_count__gt=0)
