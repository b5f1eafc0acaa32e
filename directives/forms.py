"""Forms of the directive workflow; the rules themselves live in ``directives.services``."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import Role, User
from core.fields import ModelMultipleChoiceField
from core.filters import FilterForm
from core.workflow import EditForm, SubmissionStatus
from directives.models import (
    CONCLUDED,
    NO_REPORT,
    ContentItem,
    DirectiveStatus,
    DirectiveTarget,
    ExplanationItem,
    TriggerReason,
)
from directives.services import standing_committee_name
from documents.forms import DateInput
from documents.models import Document, DocumentType
from members.forms import MemberPicker, MembersPicker
from organizations.forms import OrganizationsPicker
from organizations.models import Organization
from reviews.models import ReviewCycle


class LinesField(forms.CharField):
    """A textarea whose value is a list of its non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        # Django's NUL-byte check runs on the cleaned value, which is a list here: check the text itself.
        text = super().to_python(value)
        ProhibitNullCharactersValidator()(text)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProposalForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Issuing committee"), queryset=None)
    cycle = forms.ModelChoiceField(label=_("Review cycle"), queryset=ReviewCycle.objects.all())
    title = forms.CharField(label=_("Title"), max_length=300)
    organizations = OrganizationsPicker(label=_("Collectives to review in depth"), required=False)
    members = MembersPicker(label=_("Individuals to review in depth"), required=False)
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"), choices=TriggerReason.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    reason_details = forms.CharField(
        label=_("Details of the reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Read by every collective named. What concerns one collective only goes in that collective's own "
            "details, which the other collectives do not see (on the edit page once the proposal is saved)."
        ),
    )
    catalogue_items = ModelMultipleChoiceField(
        label=_("Content items from the catalogue"),
        queryset=ContentItem.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    free_items = LinesField(label=_("Other content items (one per line)"), required=False)
    basis_documents = ModelMultipleChoiceField(label=_("Based on documents"), queryset=None, required=False)

    def __init__(self, *args, user, directive=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organization.objects.homes_of(user, "directive.propose")
        self.fields["organizations"].pick(user, grassroots=True)
        self.fields["members"].pick(user, leaders=True)
        self.fields["basis_documents"].queryset = Document.objects.visible_to(user)
        if directive is not None:
            self.fields["issuer"].disabled = True
            self.initial.update(
                issuer=directive.issuer_id,
                cycle=directive.cycle_id,
                title=directive.title,
                organizations=[t.organization_id for t in directive.targets.all()],
                members=list(directive.target_members.values_list("pk", flat=True)),
                reasons=directive.reasons,
                reason_details=directive.reason_details,
                catalogue_items=[i.catalogue_item_id for i in directive.items.all() if i.catalogue_item_id],
                free_items="\n".join(i.text for i in directive.items.all() if not i.catalogue_item_id),
                basis_documents=list(directive.basis_documents.values_list("pk", flat=True)),
            )
            for target in directive.targets.select_related("organization"):
                self.fields[self.DETAILS_PREFIX + str(target.organization_id)] = forms.CharField(
                    label=_("Details for %(name)s only") % {"name": target.organization},
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                    initial=target.reason_details,
                )
            # Each collective's details right under the common ones.
            order = list(self.fields)
            details = [name for name in order if name.startswith(self.DETAILS_PREFIX)]
            rest = [name for name in order if name not in details]
            at = rest.index("reason_details") + 1
            self.order_fields(rest[:at] + details + rest[at:])

    DETAILS_PREFIX = "details_"

    def clean(self):
        """Gather the per-collective details into ``target_details`` {organization pk: text}."""
        cleaned = super().clean()
        names = [name for name in cleaned if name.startswith(self.DETAILS_PREFIX)]
        cleaned["target_details"] = {int(name.removeprefix(self.DETAILS_PREFIX)): cleaned.pop(name) for name in names}
        return cleaned


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=64, help_text=_("For example 125-TB/TU"))
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices, initial=DocumentType.NOTICE)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=255)
    issued_on = forms.DateField(label=_("Date issued"), widget=DateInput())
    report_deadline = forms.DateField(label=_("Deadline for the explanation report"), widget=DateInput())
    review_days = forms.IntegerField(label=_("Duration of the review (days)"), min_value=1, max_value=60)
    standing_member = forms.ModelChoiceField(label=_("Standing member in charge"), queryset=None)
    board_representatives = ModelMultipleChoiceField(
        label=_("Representatives of the Party-building boards"), queryset=None, required=False
    )

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, **kwargs)
        in_tree = User.objects.filter(role_assignments__organization__path__startswith=directive.issuer.path)
        self.fields["standing_member"].queryset = in_tree.filter(role_assignments__role=Role.STANDING_MEMBER).distinct()
        self.fields["board_representatives"].queryset = in_tree.filter(
            role_assignments__role__in=[Role.CITY_STAFF, Role.INSPECTION]
        ).distinct()
        self.initial.setdefault("issued_on", timezone.localdate())
        self.initial.setdefault("issuing_body", standing_committee_name(directive.issuer))

    def clean(self):
        cleaned = super().clean()
        issued_on, deadline = cleaned.get("issued_on"), cleaned.get("report_deadline")
        if issued_on and deadline and deadline < issued_on:
            self.add_error(
                "report_deadline", _("The deadline for the explanation report cannot be before the date issued.")
            )
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        # Posted from a button on the directive page, so the message shows without the field beside it.
        error_messages={"required": _("Give the reason for revoking the directive.")},
    )


class ContentItemForm(forms.ModelForm):
    class Meta:
        model = ContentItem
        fields = ["title", "description", "position", "is_active"]


_PERSON_ROWS_BLANK = 1


class ExplanationForm(EditForm):
    """Every item row of a report: its text fields and the named individuals' responsibility."""

    def __init__(self, *args, report, items, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.report, self.items = report, items
        self.initial["revision"] = report.revision
        self.groups = []
        for item in items:
            text_fields = []
            for name in ExplanationItem.TEXT_FIELDS:
                field_name = f"{item.pk}-{name}"
                self.fields[field_name] = forms.CharField(
                    label=ExplanationItem._meta.get_field(name).verbose_name,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.initial[field_name] = getattr(item, name)
                text_fields.append(field_name)
            people = list(item.people.all())
            person_rows = []
            for index in range(len(people) + _PERSON_ROWS_BLANK):
                member_field, text_field = f"{item.pk}-person-{index}", f"{item.pk}-person-{index}-text"
                self.fields[member_field] = MemberPicker(label=_("Member"), required=False)
                self.fields[member_field].pick(user, within=report.organization_id)
                self.fields[member_field].widget.attrs["aria-label"] = _("Member")
                self.fields[text_field] = forms.CharField(
                    label=_("Their responsibility"), required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                if index < len(people):
                    self.initial[member_field] = people[index].member_id
                    self.initial[text_field] = people[index].text
                person_rows.append((member_field, text_field))
            self.groups.append((item, text_fields, person_rows))

    def clean(self):
        cleaned = super().clean()
        for _item, _text_fields, person_rows in self.groups:
            seen = set()
            for member_field, text_field in person_rows:
                member, text = cleaned.get(member_field), (cleaned.get(text_field) or "").strip()
                if member and not text:
                    self.add_error(text_field, _("Write this member's responsibility, or clear the member."))
                elif text and not member:
                    self.add_error(member_field, _("Pick the member this responsibility belongs to."))
                elif member is not None and member in seen:  # blank rows are not duplicates
                    self.add_error(member_field, _("This member is already named for this item."))
                seen.add(member)
        return cleaned

    def answers(self):
        """{item pk: {text fields…, "people": [(member, text)]}} for ``services.save_explanation``."""
        result = {}
        for item, _text_fields, person_rows in self.groups:
            answer = {name: self.cleaned_data[f"{item.pk}-{name}"] for name in ExplanationItem.TEXT_FIELDS}
            answer["people"] = [
                (self.cleaned_data[m], self.cleaned_data[t]) for m, t in person_rows if self.cleaned_data.get(m)
            ]
            result[item.pk] = answer
        return result

    def bound_groups(self):
        """(item, [bound text fields], [(bound member field, bound text field)]) for the template."""
        return [
            (item, [self[name] for name in text_fields], [(self[m], self[t]) for m, t in person_rows])
            for item, text_fields, person_rows in self.groups
        ]


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("General note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.directive_item.key] = forms.CharField(
                label=item.directive_item.text, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def reasons(self):
        return {item.directive_item.key: self.cleaned_data[item.directive_item.key] for item in self.items}


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    satisfactory_items = ModelMultipleChoiceField(
        label=_("Items satisfactorily explained"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    shortcomings = LinesField(label=_("Concluded shortcomings (one per line)"), required=False)
    redo_required = forms.BooleanField(label=_("The review must be redone"), required=False)

    def __init__(self, *args, directive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["satisfactory_items"].queryset = directive.items.all()


class DirectiveFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *DirectiveStatus.choices]
    )
    cycle = forms.ModelChoiceField(
        label=_("Review cycle"), required=False, queryset=ReviewCycle.objects.all(), empty_label=_("All cycles")
    )

    lookups = {"status": "status", "cycle": "cycle"}


TARGET_STATES = [
    (NO_REPORT, _("No explanation report yet")),
    *SubmissionStatus.choices,
    (CONCLUDED, _("Concluded")),
]


class CycleOverviewFilterForm(DirectiveFilterForm):
    """A cycle's directives (the cycle is in the URL); ``state`` keeps those with targets in that state."""

    q = None
    cycle = None
    state = forms.ChoiceField(
        label=_("Explanation report"), required=False, choices=[("", _("All explanation reports")), *TARGET_STATES]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def targets(self):
        """The targets to list: every one without a ``state``, else those in the user's reach in that state.

        With a state it lists exactly the targets the dashboard counts in it (``reports.figures.directives``).
        """
        state = self.values["state"]
        if not state:
            return DirectiveTarget.objects.all()
        return access.scope(DirectiveTarget.objects.all(), self.user, via="organization").in_state(state)

    def filter_state(self, directives, _state):
        return directives.filter(pk__in=self.targets().values("directive_id"))
