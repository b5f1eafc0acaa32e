"""Forms of the document register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelMultipleChoiceField
from core.filters import FilterForm
from documents.models import DOCUMENT_FILE_VALIDATOR, Document, DocumentType
from organizations.models import Organization
from reviews.models import ReviewCycle


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["organization", "number", "kind", "issuing_body", "issued_on", "title", "summary", "file", "cycles"]
        widgets = {"issued_on": DateInput(), "cycles": forms.CheckboxSelectMultiple}
        field_classes = {"cycles": ModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the committees where this user may register documents.
        self.fields["organization"].queryset = Organization.objects.homes_of(user, "document.change")
        self.fields["cycles"].queryset = ReviewCycle.objects.all()
        self.fields["cycles"].required = False
        self.fields["file"].widget.attrs["accept"] = DOCUMENT_FILE_VALIDATOR.accept

    def clean(self):
        cleaned = super().clean()
        number, issuing_body, issued_on = (cleaned.get(f) for f in ("number", "issuing_body", "issued_on"))
        if number and issuing_body and issued_on:
            probe = Document(pk=self.instance.pk, number=number, issuing_body=issuing_body, issued_on=issued_on)
            if probe.number_taken():
                self.add_error(
                    "number",
                    _("%(body)s already registered a document numbered %(number)s in %(year)s.")
                    % {"body": issuing_body, "number": number, "year": issued_on.year},
                )
        return cleaned


class DocumentFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocumentType.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)

    lookups = {"kind": "kind", "year": "year"}
