"""``{% figure_cells row %}``: the cells of one row of study figures (``studies.figures``).

Every number opens the list it counts. Written out here rather than in an
included template: a plan's page has a row per organization under it (93 at the
top of a province, ten links each), and the template engine spent more on
resolving their variables than on everything else the row needs.
"""

from django import template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _link(cell, attributes=""):
    return f'<a{attributes} href="{escape(cell["link"])}">{cell["count"]}</a>'


@register.simple_tag
def figure_cells(row):
    rate, overdue = row["attendance_rate"], row["overdue"]
    rate = f'<div class="text-muted small">{rate}%</div>' if rate is not None else ""
    if overdue["count"]:
        label, link = escape(gettext("overdue")), _link(overdue, ' class="link-danger"')
        overdue = f'<div class="small text-danger text-nowrap">{label} {link}</div>'
    else:
        overdue = ""
    return mark_safe(  # noqa: S308 - every link is escaped, the rest are numbers and our own markup
        f'<td class="text-end">{_link(row["sessions"])}</td>'
        f'<td class="text-end text-nowrap">{_link(row["present"])}/{_link(row["recorded"])}{rate}</td>'
        f'<td class="text-end d-none d-sm-table-cell">{_link(row["excused"])}</td>'
        f'<td class="text-end d-none d-sm-table-cell">{_link(row["absent"])}</td>'
        f'<td class="text-end">{_link(row["owed"])}{overdue}</td>'
        f'<td class="text-end text-nowrap">{_link(row["received"])}/{_link(row["asked"])}</td>'
    )
