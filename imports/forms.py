from django import forms
from django.utils.translation import gettext_lazy as _


class InviteForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(queryset=None, label=_("Organizations"))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = queryset


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("The first sheet is read; its first row names the columns, as in the template."),
    )
