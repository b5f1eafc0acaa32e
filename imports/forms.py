from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ModelMultipleChoiceField
from imports.models import ImportKind


class InviteForm(forms.Form):
    organizations = ModelMultipleChoiceField(queryset=None, label=_("Organizations"))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = queryset


class UploadForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the ratings"), min_value=1990, max_value=2100, required=False)
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("The first sheet is read; its first row names the columns, as in the template."),
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == ImportKind.RATINGS:
            self.fields["year"].required = True
        else:
            del self.fields["year"]
