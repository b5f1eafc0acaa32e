"""Forms of the reviews app: they check input against the cycle's rules; the services do the work."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm, SearchField
from core.locking import EditLockFormMixin
from core.workflow import EditForm, SubmissionAction, SubmissionStatus
from members.models import MemberStatus
from organizations.models import Organization, OrganizationKind
from reviews import hooks, scoring
from reviews.models import (
    MEMBER_DISCIPLINES,
    ORGANIZATION_DISCIPLINES,
    Discipline,
    LeadershipReview,
    Manifestation,
    MeetingRecord,
    ReviewCycle,
    RuleSet,
)

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})


class MemberReviewFilterForm(FilterForm):
    """Individual reviews by member name and status: a collective review's members (and the reports' list)."""

    q = SearchField(through="member")
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *SubmissionStatus.choices])

    lookups = {"status": "status"}


class NotReviewedFilterForm(FilterForm):
    """The members not reviewed, by ``reason`` (its exact text, as the dashboard counts it)."""

    q = None
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    lookups = {"reason": "reason"}


class CycleOpenForm(forms.ModelForm):
    class Meta:
        model = ReviewCycle
        fields = [
            "year",
            "kind",
            "number",
            "rule_set",
            "organization",
            "opened_on",
            "reference_date",
            "drafts_due",
            "meetings_due",
            "submissions_due",
            "ratings_due",
            "special_calendar",
        ]
        widgets = {
            name: DATE_WIDGET
            for name in ("opened_on", "reference_date", "drafts_due", "meetings_due", "submissions_due", "ratings_due")
        }

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        self.fields["organization"].required = True
        self.fields["year"].min_value = 2000

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def clean(self):
        cleaned = super().clean()
        opened_on, reference = cleaned.get("opened_on"), cleaned.get("reference_date")
        if opened_on and reference and reference.year != cleaned.get("year", reference.year):
            self.add_error("reference_date", _("The reference date must fall in the cycle's year."))
        for name in ("drafts_due", "meetings_due", "submissions_due", "ratings_due"):
            due = cleaned.get(name)
            if due and opened_on and due < opened_on:
                self.add_error(name, _("A deadline cannot be before the opening date."))
        rule_set, year = cleaned.get("rule_set"), cleaned.get("year")
        if rule_set and year:
            self._check_rule_set_dates(rule_set.rules, year, cleaned)
        return cleaned

    def _check_rule_set_dates(self, rules, year, cleaned):
        """The deadlines may not be later than the rule set's: its finishing date (special units' if the cycle
        is theirs) for the reviews and ratings, its submission date for sending the files up."""
        finish = rules.finish_by(year, special=cleaned.get("special_calendar", False))
        for name in ("meetings_due", "ratings_due"):
            due = cleaned.get(name)
            if due and due > finish:
                self.add_error(
                    name,
                    _("The rule set %(rules)s has the reviews finish by %(date)s.")
                    % {"rules": rules.name, "date": finish.strftime("%d/%m/%Y")},
                )
        submission = rules.submission_by(year)
        due = cleaned.get("submissions_due")
        if submission and due and due > submission:
            self.add_error(
                "submissions_due",
                _("The rule set %(rules)s has the review files sent up by %(date)s.")
                % {"rules": rules.name, "date": submission.strftime("%d/%m/%Y")},
            )


class SectionsForm(EditForm):
    """The text sections of a review, with the revision the editor started from (``core.workflow.EditForm``)."""

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        prefills = {}
        # An empty section starts with what the apps above offer; saving keeps it. Once every section has
        # a text there is nothing to offer (and the offers cost a few queries on every visit of the form).
        if not self.is_bound and any(not getattr(review, name) for name, _label in review.SECTIONS):
            for prefill in hooks.section_prefills:
                prefills |= prefill(review)
        for name, label in review.SECTIONS:
            field = review._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=field.help_text,
                initial=getattr(review, name) or prefills.get(name, ""),
            )
        self.fields["revision"].initial = review.revision

    def section_changes(self):
        return {name: self.cleaned_data[name] for name, _label in self.review.SECTIONS}


class CopyPreviousForm(forms.Form):
    """The copy button's input: the revision the page showed (the copy is refused if the review moved on)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ChecklistForm(forms.Form):
    """“có / không có biểu hiện” per manifestation."""

    CHOICES = [("0", _("No sign")), ("1", _("Shows signs"))]

    def __init__(self, *args, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.manifestations = list(Manifestation.objects.filter(is_active=True))
        for manifestation in self.manifestations:
            previous = answers.get(manifestation.pk)
            self.fields[f"m{manifestation.pk}"] = forms.ChoiceField(
                label=f"{manifestation.label}. {manifestation.text}",
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                initial=None if previous is None else str(int(previous)),
            )

    def answers(self):
        return {m.pk: self.cleaned_data[f"m{m.pk}"] == "1" for m in self.manifestations}


class ConclusionForm(forms.Form):
    conclusion_strengths = forms.CharField(label=_("Strengths"), widget=forms.Textarea(attrs={"rows": 3}))
    conclusion_weaknesses = forms.CharField(label=_("Weaknesses"), widget=forms.Textarea(attrs={"rows": 3}))
    conclusion_to_supplement = forms.CharField(
        label=_("Items to supplement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conclusion_measures = forms.CharField(label=_("Remediation measures"), widget=forms.Textarea(attrs={"rows": 3}))


class DelegationForm(EditLockFormMixin, forms.ModelForm):
    """The leadership collective's meeting date and the upper level's delegation that attends and directs it."""

    class Meta:
        model = LeadershipReview
        fields = ["held_on", "directed_by", "delegation"]
        widgets = {"held_on": DATE_WIDGET, "delegation": forms.Textarea(attrs={"rows": 3})}


class MeetingForm(EditLockFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingRecord
        fields = [
            "held_on",
            "draft_shared_on",
            "attendees_expected",
            "attendees_present",
            "attendees",
            "standing_member",
            "board_representatives",
            "minutes",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "draft_shared_on": DATE_WIDGET,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "board_representatives": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        cleaned = super().clean()
        held, shared = cleaned.get("held_on"), cleaned.get("draft_shared_on")
        if held and shared and shared > held:
            self.add_error("draft_shared_on", _("The draft must be shared before the meeting."))
        expected, present = cleaned.get("attendees_expected"), cleaned.get("attendees_present")
        if expected and present is not None and present > expected:
            self.add_error("attendees_present", _("More participants present than expected."))
        return cleaned


class LevelForm(forms.Form):
    """Choose a level of the cycle's rule set."""

    level = forms.ChoiceField(label=_("Level"))

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["level"].choices = [("", "—"), *review.cycle.rules.choices(review.RATING_KIND)]
        self.fields["level"].error_messages["invalid_choice"] = _("This level is not in the cycle's rule set.")


class SelfAssessmentForm(LevelForm):
    general_score = forms.DecimalField(
        label=_("General criteria score"), required=False, max_digits=4, decimal_places=1
    )
    results_score = forms.DecimalField(label=_("Task results score"), required=False, max_digits=4, decimal_places=1)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        rules = review.cycle.rules
        self.annex = scoring.annex_for(review)
        if self.annex is not None:
            # Scored line by line: the system sums the lines into the two totals.
            del self.fields["general_score"], self.fields["results_score"]
            for _group, line in scoring.lines(self.annex):
                self.fields[f"criterion_{line['code']}"] = forms.DecimalField(
                    label=f"{line['code']}. {line['text']}",
                    min_value=0,
                    max_value=line["max"],
                    max_digits=4,
                    decimal_places=1,
                    help_text=_("At most %(max)s points") % {"max": line["max"]},
                    initial=review.criterion_scores.get(line["code"]),
                )
        elif rules.scores:
            self.fields["general_score"].help_text = _("From 0 to %(max)s") % {"max": rules.general_max}
            self.fields["results_score"].help_text = _("From 0 to %(max)s") % {"max": rules.results_max}
            self.fields["general_score"].required = self.fields["results_score"].required = True
        else:
            del self.fields["general_score"], self.fields["results_score"]

    def criterion_groups(self):
        """[(title, maximum, bound fields)] for the annex's two groups, for the page; [] when not scored by line."""
        if self.annex is None:
            return []
        rules = self.review.cycle.rules
        titles = {
            "general": (_("A. General criteria"), rules.general_max),
            "results": (_("B. Results of the assigned tasks"), rules.results_max),
        }
        return [
            (*titles[group], [self[f"criterion_{line['code']}"] for line in self.annex.get(group, [])])
            for group in scoring.GROUPS
        ]

    def criterion_scores(self):
        """{line code: points} when scored line by line, else None."""
        if self.annex is None:
            return None
        return {line["code"]: self.cleaned_data[f"criterion_{line['code']}"] for _g, line in scoring.lines(self.annex)}

    def clean(self):
        cleaned = super().clean()
        rules = self.review.cycle.rules
        if rules.scores and self.annex is None:
            for name, maximum in (("general_score", rules.general_max), ("results_score", rules.results_max)):
                value = cleaned.get(name)
                if value is not None and not 0 <= value <= maximum:
                    self.add_error(name, _("The score must be between 0 and %(max)s.") % {"max": maximum})
        return cleaned


class ProposalForm(LevelForm):
    discipline = forms.ChoiceField(label=_("Discipline in the year"), choices=Discipline.choices, required=False)
    degradation_concluded = forms.BooleanField(label=_("Concluded sign of degradation"), required=False)
    # Hướng dẫn 27's "yếu kém" triggers (organizations, where the regime uses them).
    leadership_disunity = forms.BooleanField(label=_("Disunity in the Party committee"), required=False)
    corruption_discipline = forms.BooleanField(
        label=_("A member disciplined for corruption or degradation"), required=False
    )
    government_rated_lowest = forms.BooleanField(
        label=_("The same-level government rated at the lowest level"), required=False
    )
    mass_organizations_rated_lowest = forms.IntegerField(
        label=_("Mass organizations rated at the lowest level"), min_value=0, max_value=20, required=False
    )
    # Members: the sick-leave cap and temporary activity elsewhere, where the regime uses them.
    sick_leave_months = forms.IntegerField(
        label=_("Months of sick leave in the year"), min_value=0, max_value=12, required=False
    )
    temporary_comments = forms.CharField(
        label=_("Comments of the branch of temporary activity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        rules = review.cycle.rules
        organization = review.RATING_KIND == "organization"
        allowed = ORGANIZATION_DISCIPLINES if organization else MEMBER_DISCIPLINES
        self.fields["discipline"].choices = [(value, Discipline(value).label) for value in allowed]
        keep = set()
        if organization and rules.flag("weak_triggers"):
            keep |= {"leadership_disunity", "corruption_discipline", "government_rated_lowest"}
            keep.add("mass_organizations_rated_lowest")
        if not organization and rules.setting("sick_leave_cap_months"):
            keep.add("sick_leave_months")
        if (
            not organization
            and rules.flag("temporary_comments_required")
            and (review.member.status == MemberStatus.TEMPORARY_ELSEWHERE or review.temporary_comments)
        ):
            keep.add("temporary_comments")
        for name in self.FACTS:
            if name not in keep:
                del self.fields[name]
            else:
                self.initial.setdefault(name, getattr(review, name))

    FACTS = (
        "leadership_disunity",
        "corruption_discipline",
        "government_rated_lowest",
        "mass_organizations_rated_lowest",
        "sick_leave_months",
        "temporary_comments",
    )

    def facts(self):
        """The facts shown on this form, as the proposal records them (an empty number is 0)."""
        values = {}
        for name in self.FACTS:
            if name in self.fields:
                value = self.cleaned_data[name]
                values[name] = (value or 0) if isinstance(self.fields[name], forms.IntegerField) else value
        return values


class DecisionForm(LevelForm):
    quota_raised = forms.BooleanField(label=_("The competent level allows the raised quota"), required=False)

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, review=review, **kwargs)
        if not review.cycle.rules.flag("raised_quota_allowed"):
            del self.fields["quota_raised"]


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("General note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        for name, label in review.SECTIONS:
            self.fields[f"reason_{name}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"reason_{name}") or "").strip() for name, _label in self.review.SECTIONS):
            raise forms.ValidationError(_("Give at least one reason, attached to a section."))
        return cleaned

    def reasons(self):
        return {name: self.cleaned_data[f"reason_{name}"] for name, _label in self.review.SECTIONS}


ACTION_LABELS = dict(SubmissionAction.choices)


class RuleSetForm(forms.ModelForm):
    """A rule set; levels are edited one per line as ``code | label | minimum score``."""

    organization_levels_text = forms.CharField(
        label=_("Organization levels"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One level per line, best first: code | label | minimum score (optional)."),
    )
    member_levels_text = forms.CharField(
        label=_("Member levels"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One level per line, best first: code | label | minimum score (optional)."),
    )

    class Meta:
        model = RuleSet
        # Every data field of the rule set but its code and the two level lists (typed as text above).
        fields = ["name", "first_year", "last_year", "description"] + [
            name for name in RuleSet.DATA_FIELDS if name not in ("code", "name", "organization_levels", "member_levels")
        ]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "criteria": _(
                "The scoring annexes as JSON: {annex: {title, general: [{code, text, max}], results: [...]}}; "
                "each group's maxima add up to its maximum."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in ("organization", "member"):
            self.fields[f"{kind}_levels_text"].initial = "\n".join(
                " | ".join(str(part) for part in (lv["code"], lv["label"], lv.get("min_score")) if part is not None)
                for lv in getattr(self.instance, f"{kind}_levels")
            )

    def _parse_levels(self, name):
        levels = []
        for number, line in enumerate(self.cleaned_data.get(name, "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(number)s: write code | label | minimum score.") % {"number": number}
                )
            level = {"code": parts[0], "label": parts[1]}
            if len(parts) == 3 and parts[2]:
                try:
                    level["min_score"] = float(parts[2])
                except ValueError:
                    raise forms.ValidationError(
                        _("Line %(number)s: the minimum score must be a number.") % {"number": number}
                    ) from None
            levels.append(level)
        if len(levels) < 2:
            raise forms.ValidationError(_("Give at least two levels."))
        if len({lv["code"] for lv in levels}) != len(levels):
            raise forms.ValidationError(_("Each level needs its own code."))
        return levels

    def clean_criteria(self):
        """Each annex has two groups of lines with a code, a text and a maximum, adding up to the group's maximum."""
        criteria = self.cleaned_data.get("criteria") or {}
        if not isinstance(criteria, dict):
            raise forms.ValidationError(_("Write the annexes as a JSON object."))
        maxima = {"general": self.data.get("general_max"), "results": self.data.get("results_max")}
        for code, annex in criteria.items():
            for group in scoring.GROUPS:
                lines = annex.get(group) if isinstance(annex, dict) else None
                if not isinstance(lines, list) or not all(
                    isinstance(line, dict)
                    and line.get("code")
                    and line.get("text")
                    and isinstance(line.get("max"), int | float)
                    for line in lines
                ):
                    raise forms.ValidationError(
                        _("Annex %(annex)s: each group is a list of lines with a code, a text and a maximum.")
                        % {"annex": code}
                    )
                total = sum(line["max"] for line in lines)
                if str(maxima[group]).isdigit() and total != int(maxima[group]):
                    raise forms.ValidationError(
                        _("Annex %(annex)s: the lines of a group add up to %(total)s, not %(max)s.")
                        % {"annex": code, "total": total, "max": maxima[group]}
                    )
        return criteria

    def clean_organization_levels_text(self):
        return self._parse_levels("organization_levels_text")

    def clean_member_levels_text(self):
        return self._parse_levels("member_levels_text")

    def clean(self):
        cleaned = super().clean()
        percent, raised = cleaned.get("quota_percent"), cleaned.get("quota_percent_raised")
        if percent is not None and (percent > 100 or (raised is not None and raised < percent)):
            self.add_error("quota_percent_raised", _("The raised quota must be between the quota and 100%."))
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year cannot be before the first."))
        for prefix in ("general", "results"):
            if (cleaned.get(f"{prefix}_max") or 0) > 100:
                self.add_error(f"{prefix}_max", _("At most 100."))
        return cleaned

    def save(self, commit=True):
        self.instance.organization_levels = self.cleaned_data["organization_levels_text"]
        self.instance.member_levels = self.cleaned_data["member_levels_text"]
        return super().save(commit)


class ManifestationForm(forms.ModelForm):
    class Meta:
        model = Manifestation
        fields = ["text", "gloss", "verified", "source", "is_active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "source": forms.Textarea(attrs={"rows": 2})}


def superior_committees():
    return Organization.objects.filter(kind=OrganizationKind.SUPERIOR_COMMITTEE)
