"""A picker that scales: the choice is searched on the server, not listed in the page.

A ``<select>`` of every member or organization in reach grows with the province
(a ward's 474 members, the city's 566 organizations, one copy per row of a
form). ``AutocompleteChoiceField`` and ``AutocompleteMultipleChoiceField`` keep
Django's model choice fields (their queryset still decides what is valid) but
render only the chosen objects; ``core/static/core/js/autocomplete.js`` asks the
owning app's JSON endpoint (``lookup_url``, scoped by the access module there)
for the matches of what is typed, following the ARIA combobox pattern.

Without the script the page still works: a single choice is a text box whose
text is resolved on the server (an exact name, or the one object whose name
contains it); a multiple choice lists the chosen objects as checkboxes (untick
to remove) and adds the one the text box names.
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import ModelMultipleChoiceField
from core.params import integer
from core.text import search_key

TEXT_SUFFIX = "__text"
LABEL_SEPARATOR = " — "


class Autocomplete(forms.Widget):
    """The text box, the list of suggestions, and the chosen value(s)."""

    template_name = "core/widgets/autocomplete.html"
    allow_multiple_selected = False

    def __init__(self, lookup, params=None, attrs=None):
        super().__init__(attrs)
        self.lookup, self.params = lookup, dict(params or {})

    def lookup_url(self):
        url = reverse(self.lookup)
        params = {key: value for key, value in self.params.items() if value not in (None, "")}
        return f"{url}?{urlencode(params)}" if params else url

    def chosen(self, value):
        """The chosen objects, labelled as the field labels them (one query, never the whole list)."""
        values = [v for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")]
        field = getattr(self.choices, "field", None)
        if not values or field is None:
            return []
        pks = [pk for pk in (integer(getattr(v, "pk", v)) for v in values) if pk is not None]
        objects = field.queryset.model._default_manager.in_bulk(pks)
        return [(str(pk), field.label_from_instance(objects[pk])) for pk in pks if pk in objects]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # A form sent back with errors holds what was posted ({"values", "text"}): the choice made stays shown.
        chosen = self.chosen(self.format_value(value))
        typed = (value.get("text") or "") if isinstance(value, dict) else ""
        widget = context["widget"]
        widget.update(
            url=self.lookup_url(),
            multiple=self.allow_multiple_selected,
            chosen=chosen,
            text_name=name + TEXT_SUFFIX,
            # A single choice shows its label in the text box (or, refused, the text typed); a multiple one
            # starts empty.
            text="" if self.allow_multiple_selected else (chosen[0][1] if chosen else typed),
            pk="" if self.allow_multiple_selected or not chosen else chosen[0][0],
        )
        widget["attrs"].setdefault("class", "form-control")
        return context

    def use_required_attribute(self, initial):
        return False  # the text box may stay empty once a choice is made

    def value_from_datadict(self, data, files, name):
        # None when no text box was posted (a link, a stored export's parameters): the pk alone decides.
        text = data.get(name + TEXT_SUFFIX)
        text = text.strip() if isinstance(text, str) else None
        if self.allow_multiple_selected:
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            return {"values": [v for v in values if v], "text": text}
        return {"values": [v for v in [data.get(name)] if v], "text": text}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def format_value(self, value):
        if isinstance(value, dict):
            return value["values"]
        return value


class AutocompleteMultiple(Autocomplete):
    allow_multiple_selected = True


class _TextResolving:
    """Turns what the widget posted (chosen pks and the text typed) into objects of the queryset."""

    default_error_messages = {
        "no_match": _("No choice matches “%(text)s”. Type part of the name and pick from the list."),
        "ambiguous": _("Several choices match “%(text)s”. Type more of the name and pick from the list."),
    }

    # Longer than any name or label: a longer text matches nothing, and is never sent to a LIKE
    # (SQLite refuses a pattern over its limit, a server error rather than the form's message).
    MAX_TEXT = 300

    def resolve_text(self, text):
        if len(text) > self.MAX_TEXT or "\x00" in text:
            raise ValidationError(self.error_messages["no_match"], code="no_match", params={"text": text[:80]})
        key = search_key(text.split(LABEL_SEPARATOR)[0])
        matches = self.queryset.filter(search_text__contains=key)
        exact = [obj for obj in matches[:50] if search_key(str(obj)) == key]
        if len(exact) == 1:
            return exact[0]
        found = list(matches[:2])
        if len(found) == 1:
            return found[0]
        code = "ambiguous" if found else "no_match"
        raise ValidationError(self.error_messages[code], code=code, params={"text": text})

    def unchanged(self, obj, text):
        """Whether ``text`` is still the label the page showed for ``obj`` (the script did not run)."""
        return search_key(text) == search_key(self.label_from_instance(obj))


class _Picking(_TextResolving):
    """A subclass names its endpoint (``lookup``) and the function both build their choices with
    (``choices_of(user, **params)``); the form calls ``pick(user, **params)`` in its ``__init__``."""

    model = None
    lookup = None
    choices_of = None
    widget_class = Autocomplete

    def __init__(self, queryset=None, **kwargs):
        kwargs["widget"] = self.widget_class(self.lookup)
        super().__init__(queryset if queryset is not None else self.model._default_manager.none(), **kwargs)

    def pick(self, user, extra=None, **params):
        """Offer ``choices_of(user, **params)``, plus ``extra`` (a queryset: e.g. the current choice)."""
        choices = type(self).choices_of(user, **params)
        self.queryset = choices | extra if extra is not None else choices
        self.widget.params = params


class AutocompleteChoiceField(_Picking, forms.ModelChoiceField):
    """A ``ModelChoiceField`` picked through ``lookup`` (a URL name answering ``?q=`` with JSON)."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if not isinstance(value, dict):
            return super().to_python(value)
        values, text = value["values"], value["text"]
        if values and integer(str(values[0])) is None:  # not an id of ours: never sent to a query
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if text is None:
            return super().to_python(values[0] if values else None)
        if not text:
            return None  # the box was emptied
        if values:
            obj = super().to_python(values[0])
            # With the script, typing clears the chosen pk; without it a changed text means another choice.
            if obj is not None and self.unchanged(obj, text):
                return obj
        return self.resolve_text(text)

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        return super().has_changed(initial, self.to_python(data) if isinstance(data, dict) else data)


class AutocompleteMultipleChoiceField(_Picking, ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` picked through ``lookup``; the chosen ones are listed as checkboxes."""

    widget_class = AutocompleteMultiple

    def clean(self, value):
        if isinstance(value, dict):
            values = list(value["values"])
            if value["text"]:
                values.append(str(self.resolve_text(value["text"]).pk))
            value = values
        return super().clean(value)

    def has_changed(self, initial, data):
        if isinstance(data, dict):
            data = data["values"] + ([data["text"]] if data["text"] else [])
        return super().has_changed(initial, data)
