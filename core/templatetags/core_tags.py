"""Template helpers: list pages (query strings, sort links), the slots higher apps fill, a creating form's token."""

from django import template
from django.utils.html import format_html

from core import once, slots

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied (None removes a key)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_link(context, name):
    """Query string that sorts by ``name``, reversing it when already sorted so."""
    params = context["request"].GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{name}" if current == name else name
    params.pop("page", None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def slot(context, name, *args):
    """What the apps above render at the slot ``name`` (see ``core.slots``)."""
    return slots.render(name, context, *args)


@register.simple_tag
def once_token():
    """The hidden token of a creating form: sent twice, it creates once (core.once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.TOKEN_FIELD, once.new_token())
