"""Template helpers: list pages (query strings, sort links) and the slots higher apps fill."""

from django import template

from core import slots

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
