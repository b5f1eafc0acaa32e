"""The one shape of a list's filters: a form whose ``filter(queryset)`` narrows the list and its export.

A list page binds its filter form to ``request.GET`` and its Excel export binds
the same form class to the stored parameters, so the file holds the rows the
page lists. Parsing lives in the form fields: a bad value (an unknown choice, a
non-numeric id, a NUL byte) fails that field's validation and only that filter
is ignored, never a server error.

Each field with a value is applied by, in this order:

- the form's ``filter_<name>(queryset, value)`` method;
- the field itself when it is a ``SearchField`` (every word in ``search_text``);
- the ORM lookup the form declares for it in ``lookups``.

A field's ``initial`` is its default: the value it filters by when the
parameter is missing, empty or invalid (organizations are "active" unless
asked otherwise). A list without a search box removes ``q`` with ``q = None``.
"""

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.lists import search


class SearchField(forms.CharField):
    """The search box: every word must appear in the diacritic-free ``search_text`` of the row (or of
    ``through``, a relation of the row)."""

    def __init__(self, *, through="", **kwargs):
        super().__init__(**{"label": _("Search"), "required": False, "max_length": 100, **kwargs})
        self.column = f"{through}__search_text" if through else "search_text"


def _is_empty(field, value):
    # An unticked checkbox cleans to False: like an empty value, it asks for no filter.
    return value is False or value in field.empty_values


class FilterForm(forms.Form):
    q = SearchField()

    # Field name → ORM lookup, for a filter that is ``queryset.filter(**{lookup: value})``.
    lookups = {}

    @cached_property
    def values(self):
        """Every field's value as the list uses it: its valid input, else its default (``initial``)."""
        self.is_valid()  # cleaned_data then holds the valid fields; the invalid ones are left out
        cleaned = getattr(self, "cleaned_data", {})  # none when the form is unbound
        values = {}
        for name, field in self.fields.items():
            value = cleaned.get(name)
            values[name] = self.get_initial_for_field(field, name) if _is_empty(field, value) else value
        return values

    def filter(self, queryset, skip=()):
        """``queryset`` narrowed by every field that has a value (unsorted), but those named in ``skip``."""
        for name, field in self.fields.items():
            if name in skip:
                continue
            apply = self._filter_of(name, field)
            value = self.values[name]
            if not _is_empty(field, value):
                queryset = apply(queryset, value)
        return queryset

    def _filter_of(self, name, field):
        method = getattr(self, f"filter_{name}", None)
        if method is not None:
            return method
        if isinstance(field, SearchField):
            return lambda queryset, value: search(queryset, value, column=field.column)
        if name in self.lookups:
            return lambda queryset, value: queryset.filter(**{self.lookups[name]: value})
        # Checked for every field, with a value or not, so a list's tests catch a filter that does nothing.
        raise ImproperlyConfigured(f"{type(self).__name__}.{name} has no lookup and no filter_{name}() method")
