"""``{% bar_chart chart %}``: draw a ``core.charts.BarChart`` with its table."""

from django import template

register = template.Library()


@register.simple_tag
def bar_chart(chart):
    return chart.html()
