"""Form widgets for long lists.

Django's ``Select`` renders every ``<option>`` through a template of its own,
after building a dictionary of attributes for it; with the 5,670 organizations
of a province that is seconds of Python on every list page that offers them as
a filter. ``LongSelect`` writes the same HTML straight from the choices, every
value and label escaped.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # a query: read once, without the count that list() would ask first
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own way
        selected = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            selected.discard(option_value)  # one selected option, as Select does
            options.append(f'<option value="{html.escape(option_value)}"{mark}>{html.escape(str(label))}</option>')
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        name = html.escape(name)
        return mark_safe(f'<select name="{name}"{attributes}>{"".join(options)}</select>')  # noqa: S308 - every part escaped above
