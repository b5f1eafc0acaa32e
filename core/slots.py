"""Slots: named places on a lower app's page where a higher app renders its part.

A review page shows section III (the commitments carried over) and a button to
create commitments from a conclusion, but reviews lie below commitments and
must not know them. The page says ``{% slot "review.section_iii" review %}``
(``core_tags``); commitments registers a renderer for that name in its
``AppConfig.ready()``. A renderer is ``f(context, *args) -> str`` (safe HTML);
a slot nobody filled renders nothing.
"""

from django.utils.html import format_html_join

from core.registry import Registry

_slots = {}


def slot(name):
    """The registry of renderers of the slot ``name``."""
    return _slots.setdefault(name, Registry(f"slot {name}"))


def render(name, context, *args):
    return format_html_join("", "{}", ((renderer(context, *args),) for renderer in slot(name)))
