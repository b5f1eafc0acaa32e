"""Forms of sign-in protection: a second-factor code, the login history's filter, a lockout to lift."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import LoginOutcome
from core.filters import FilterForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class LoginHistoryFilterForm(FilterForm):
    q = None
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *LoginOutcome.choices], required=False)

    lookups = {"username": "username__icontains", "outcome": "outcome"}


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=150)
    address = forms.GenericIPAddressField(required=False)
