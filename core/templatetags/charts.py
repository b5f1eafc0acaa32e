"""``{% bar_chart chart %}``: draw a ``core.charts.BarChart`` with its table."""

from django import template

register = template.Library()


@register.inclusion_tag("core/includes/_bar_chart.html")
def bar_chart(chart):
    return chart.context()
