"""Forms of the study pages: the lists' filters (also their exports'), plans, sessions, attendance, essays."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import FilterForm, SearchField
from core.uploads import validate_upload
from documents.models import Document
from organizations.forms import DATE_WIDGET, OrganizationChoiceField, OrganizationPicker
from organizations.models import Organization
from studies import timing
from studies.models import (
    ESSAY_FILE_KINDS,
    HANDED_IN,
    AttendanceStatus,
    EssayGrade,
    EssayRule,
    EssayStatus,
    StudyForm,
    StudyPlan,
    StudySession,
)

STUDY_FORM, ALL_STUDY_FORMS = pgettext_lazy("study", "Form"), pgettext_lazy("study", "All forms")
MONTHS = [(month, _("Month %(month)s") % {"month": month}) for month in range(1, 13)]


def _styled(form):
    """Bootstrap classes on every widget, so the lists' filters and the forms look alike."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "form-control")


# --- The lists' filters --------------------------------------------------------------------------------


class _StudyFilterForm(FilterForm):
    """A list of the study records the user reaches: ``plan`` and ``organization`` (its sub-tree) choices
    come from the same reach."""

    plan = forms.ModelChoiceField(label=_("Study plan"), required=False, queryset=None, empty_label=_("All plans"))
    organization = OrganizationPicker(label=_("Organization"), required=False)

    organization_via = "organization"
    lookups = {"plan": "plan"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "plan" in self.fields:
            self.fields["plan"].queryset = StudyPlan.objects.visible_to(user)
        self.fields["organization"].pick(user)
        _styled(self)

    def filter_organization(self, queryset, organization):
        """An organization filter covers its sub-tree."""
        return queryset.filter(**{f"{self.organization_via}__path__startswith": organization.path})


class _PeriodFilterForm(_StudyFilterForm):
    """A list by ``year`` and ``month`` of the date field ``period_field``, and by form of study."""

    period_field = ""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"), required=False, coerce=int, choices=[("", _("Any month")), *MONTHS]
    )
    form = forms.ChoiceField(label=STUDY_FORM, required=False, choices=[("", ALL_STUDY_FORMS), *StudyForm.choices])

    lookups = {"plan": "plan", "form": "form"}

    def filter_year(self, queryset, year):
        return queryset.filter(**{f"{self.period_field}__year": year})

    def filter_month(self, queryset, month):
        return queryset.filter(**{f"{self.period_field}__month": month})


class PlanFilterForm(_PeriodFilterForm):
    plan = None
    late = forms.BooleanField(label=_("Rolled out at year-end"), required=False)

    organization_via = "applies_to"
    period_field = "starts_on"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].label = _("Starting month")

    def filter_late(self, queryset, _late):
        return timing.late_plans(queryset)


class SessionFilterForm(_PeriodFilterForm):
    q = None

    period_field = "held_on"


class AttendanceFilterForm(_StudyFilterForm):
    q = SearchField(through="member")
    session = forms.ModelChoiceField(label=_("Study session"), required=False, queryset=StudySession.objects.all())
    status = forms.ChoiceField(
        label=_("Attendance"), required=False, choices=[("", _("Any attendance")), *AttendanceStatus.choices]
    )

    organization_via = "session__organization"
    lookups = {"plan": "session__plan", "session": "session", "status": "status"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A session id is only ever a narrowing of rows already in the user's reach: no choice list to build.
        self.fields["session"].widget = forms.HiddenInput()


class EssayFilterForm(_StudyFilterForm):
    RECEIVED = "received"
    STATUS_CHOICES = [
        ("", _("Any status")),
        (EssayStatus.OWED, _("Owed")),
        (RECEIVED, _("Handed in")),
        (EssayStatus.ASSESSED, _("Assessed")),
    ]

    q = SearchField(through="member")
    status = forms.ChoiceField(label=_("Essay"), required=False, choices=STATUS_CHOICES)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filter_status(self, queryset, status):
        # "Handed in" counts the received and the assessed essays alike.
        return queryset.filter(status__in=HANDED_IN if status == self.RECEIVED else [status])

    def filter_overdue(self, queryset, _overdue):
        return queryset.filter(status=EssayStatus.OWED, plan__essay_deadline__lt=timezone.localdate())


# --- Plans, sessions, attendance, essays ---------------------------------------------------------------


class PlanForm(forms.ModelForm):
    issuer = OrganizationChoiceField(label=_("Issuing committee"), queryset=Organization.objects.none())
    applies_to = OrganizationPicker(
        label=_("Organizations studying"),
        required=False,
        help_text=StudyPlan._meta.get_field("applies_to").help_text,
    )

    class Meta:
        model = StudyPlan
        fields = [
            "title",
            "document",
            "issuer",
            "applies_to",
            "form",
            "starts_on",
            "ends_on",
            "essay_rule",
            "essay_deadline",
            "essays_assessed",
            "office_titles",
            "notes",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "essay_deadline": DATE_WIDGET,
            "essay_rule": forms.RadioSelect,
            "office_titles": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.visible_to(user).order_by("-issued_on", "number")
        self.fields["issuer"].queryset = Organization.objects.homes_of(user, "study.plan").select_related("parent")
        self.fields["applies_to"].pick(user, perm="study.plan")
        self.fields["essay_rule"].choices = EssayRule.choices  # radios: no empty choice

    def clean(self):
        data = super().clean()
        if data.get("issuer") and not data.get("applies_to"):
            data["applies_to"] = data["issuer"]
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The plan cannot end before it starts."))
        deadline = data.get("essay_deadline")
        if data.get("essay_rule") not in (None, EssayRule.NOBODY) and deadline is None:
            self.add_error("essay_deadline", _("Set the date essays are due, or choose “No essay”."))
        if deadline and starts and deadline < starts:
            self.add_error("essay_deadline", _("Essays cannot be due before the plan starts."))
        return data


class SessionForm(forms.ModelForm):
    organization = OrganizationPicker(label=_("Organization"))

    class Meta:
        model = StudySession
        fields = ["organization", "held_on", "form", "speaker", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan  # a new session is of this plan (an edited one already is)
        field = self.fields["organization"]
        field.pick(user, perm="study.record", within=plan.applies_to_id, active=True)
        if self.instance.pk is None:
            field.initial = field.queryset.first
            self.fields["form"].initial = plan.form
            self.fields["held_on"].initial = timezone.localdate


class AttendanceForm(forms.Form):
    """One row per member of the roster: present, excused (with its reason) or absent."""

    def __init__(self, *args, members, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            row = recorded.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=AttendanceStatus.choices,
                initial=row.status if row else AttendanceStatus.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=_("Reason"), required=False, max_length=255, initial=row.reason if row else ""
            )

    def clean(self):
        data = super().clean()
        for member in self.members:
            if data.get(f"status_{member.pk}") == AttendanceStatus.EXCUSED and not data.get(f"reason_{member.pk}"):
                self.add_error(f"reason_{member.pk}", _("Give the reason of the excused absence."))
        return data

    def rows(self):
        """(member, status field, reason field) for the template, in roster order."""
        return [(m, self[f"status_{m.pk}"], self[f"reason_{m.pk}"]) for m in self.members]

    def entries(self):
        data = self.cleaned_data
        return {m.pk: (data[f"status_{m.pk}"], data[f"reason_{m.pk}"].strip()) for m in self.members}


class EssayReceiveForm(forms.Form):
    submitted_on = forms.DateField(label=_("Handed in on"), widget=DATE_WIDGET, initial=timezone.localdate)
    text = forms.CharField(label=_("Essay text"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    file = forms.FileField(
        label=_("Essay file (PDF, DOCX or a photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )
    kind = ""  # of the file, read from its content by clean_file

    def clean_submitted_on(self):
        day = self.cleaned_data["submitted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return day

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.kind = validate_upload(upload, ESSAY_FILE_KINDS)
        return upload

    def clean(self):
        # The kind the file's content showed is stored with the file: it is served as that kind.
        return super().clean() | {"kind": self.kind}


class EssayAssessForm(forms.Form):
    grade = forms.ChoiceField(label=_("Assessment"), choices=EssayGrade.choices, widget=forms.RadioSelect)
    assessment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
