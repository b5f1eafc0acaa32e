"""Forms: the inbox filter, a kind's reminder schedule (city staff) and a person's email preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import FilterForm
from notifications.models import ESCALATION_STEPS, MAX_DAYS, Channel


class InboxFilterForm(FilterForm):
    q = None
    show = forms.ChoiceField(required=False, choices=[("", _("All")), ("unread", _("Unread"))])

    def filter_show(self, notifications, _show):
        return notifications.unread()


def _parse_days(raw, field_error):
    parts = [part.strip() for part in (raw or "").replace(";", ",").split(",") if part.strip()]
    try:
        days = [int(part) for part in parts]
    except ValueError:
        raise forms.ValidationError(field_error) from None
    if any(day < 0 or day > MAX_DAYS for day in days):
        raise forms.ValidationError(_("Each number of days must be between 0 and 365."))
    return days


class ScheduleForm(forms.Form):
    days_before = forms.CharField(
        label=_("Remind this many days before the deadline"),
        required=False,
        help_text=_("Numbers separated by commas, e.g. 7, 1. Leave empty for no early reminder."),
    )
    on_the_day = forms.BooleanField(label=_("Remind on the day of the deadline"), required=False)
    overdue_every_days = forms.IntegerField(
        label=_("While overdue, remind every (days)"),
        min_value=0,
        max_value=MAX_DAYS,
        help_text=_("0 turns overdue reminders off."),
    )
    escalation_delays = forms.CharField(
        label=_("Escalate after (days overdue)"),
        help_text=_(
            "Three numbers: to the secretary, to the standing member in charge, "
            "to the Inspection Committee and city staff, e.g. 3, 7, 14."
        ),
    )

    def clean_days_before(self):
        days = _parse_days(self.cleaned_data["days_before"], _("Enter whole numbers of days separated by commas."))
        if any(day == 0 for day in days):
            raise forms.ValidationError(_("Use “remind on the day” for the day itself."))
        return sorted(set(days), reverse=True)

    def clean_escalation_delays(self):
        delays = _parse_days(self.cleaned_data["escalation_delays"], _("Enter three whole numbers of days."))
        if len(delays) != len(ESCALATION_STEPS):
            raise forms.ValidationError(_("Enter three whole numbers of days."))
        if any(delay < 1 for delay in delays):
            raise forms.ValidationError(_("Escalation starts at least one day after the deadline."))
        if delays != sorted(delays):
            raise forms.ValidationError(_("Each escalation step must come no earlier than the one before."))
        return delays

    @classmethod
    def initial_for(cls, schedule):
        return {
            "days_before": ", ".join(str(day) for day in schedule.days_before),
            "on_the_day": schedule.on_the_day,
            "overdue_every_days": schedule.overdue_every_days,
            "escalation_delays": ", ".join(str(delay) for delay in schedule.escalation_delays),
        }


class PreferencesForm(forms.Form):
    """One channel choice per registered kind of reminder."""

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in kinds:
            self.fields[kind] = forms.ChoiceField(label=label, choices=Channel.choices, initial=Channel.DIGEST)
