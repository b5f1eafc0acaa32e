"""Forms of the document register."""

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.fields import ModelMultipleChoiceField
from core.filters import FilterForm
from core.text import search_key
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
    # The issuing body exactly as registered ("Ban Thường vụ Thành ủy Nam Định"): the list offers those it holds.
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=255)

    lookups = {"kind": "kind", "year": "year", "issuer": "issuing_body"}

    def issuers(self, queryset):
        """[(issuing body, number of documents)] of ``queryset`` narrowed by every other filter, by name.

        The chosen issuer stays offered (with 0) when the other filters leave none of its documents.
        """
        others = self.filter(queryset, skip=("issuer",))
        counts = dict(others.order_by().values_list("issuing_body").annotate(count=Count("pk")))
        chosen = self.values["issuer"]
        if chosen:
            counts.setdefault(chosen, 0)
        return sorted(counts.items(), key=lambda item: search_key(item[0]))
