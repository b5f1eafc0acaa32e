"""``{% name_then named href %}`` and ``{% name_now named %}``: an organization named as on a past day.

``named`` is a ``organizations.lineage.NamedThen``, its ``as_dict()`` kept in a frozen report, or a plain
name. ``name_then`` prints the name it had then, linked to ``href`` when given, then "(nay là …)" when it
has changed since; ``name_now`` prints that last part alone, after a sentence that names it ("do … lập").
Tags, not included templates: a list's rows name an organization each, and two included templates a row
cost the cycle board's 25 rows 2 ms of rendering.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _part(named, key):
    return named.get(key) if isinstance(named, dict) else getattr(named, key, None)


@register.simple_tag
def name_now(named):
    if not _part(named, "changed"):
        return ""
    now = gettext("(now %(name)s)") % {"name": conditional_escape(_part(named, "name_now"))}
    return format_html(' <small class="text-body-secondary name-now">{}</small>', mark_safe(now))  # noqa: S308 - the name is escaped above


@register.simple_tag
def name_then(named, href=None):
    name = _part(named, "name_then") or named or ""
    shown = format_html('<a href="{}">{}</a>', href, name) if href else conditional_escape(name)
    return format_html("{}{}", shown, name_now(named))
