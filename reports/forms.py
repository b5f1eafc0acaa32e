"""Forms of the reports app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.workflow import EditForm

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
