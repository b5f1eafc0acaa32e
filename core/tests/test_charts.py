"""SVG bar charts: the same numbers in the drawing and in the table, with their links."""

import re

from django.template import Context, Template

from core.charts import BAR_AREA, LABEL_WIDTH, BarChart, Series


def _render(chart):
    return Template("{% load charts %}{% bar_chart chart %}").render(Context({"chart": chart}))


def _table(html):
    return html[html.index("<table") : html.index("</table>")]


def test_a_single_series_chart_shows_every_number_in_its_table_with_its_link():
    chart = BarChart.single(
        "Đảng viên theo trạng thái",
        [("Đang sinh hoạt", 120, "/members/?status=active"), ("Từ trần", 3, None)],
        slug="members",
    )
    html = _render(chart)
    table = _table(html)
    assert "Đảng viên theo trạng thái" in html
    assert '<a href="/members/?status=active">120</a>' in table
    assert re.search(r'<td class="text-end">\s*3\s*</td>', table)
    assert '<svg class="chart-svg' in html
    # The drawing links the same place, and prints the same numbers.
    assert '<a href="/members/?status=active" tabindex="-1">' in html
    assert re.search(r'class="chart-value"[^>]*>120</text>', html)


def test_the_longest_bar_fills_the_bar_area_and_the_others_are_to_scale():
    chart = BarChart.single("x", [("a", 50, None), ("b", 25, None), ("c", 0, None)])
    rows = chart.layout()
    assert [row.bars[0].width for row in rows] == [BAR_AREA, BAR_AREA / 2, 0]
    assert all(row.bars[0].x == LABEL_WIDTH for row in rows)


def test_an_all_zero_chart_draws_empty_bars_without_dividing_by_zero():
    rows = BarChart.single("x", [("a", 0, None)]).layout()
    assert rows[0].bars[0].width == 0


def test_stacked_bars_follow_each_other_and_the_table_has_a_total_column():
    chart = BarChart(
        title="Xếp loại",
        categories=["2016", "2017"],
        series=[
            Series("Hoàn thành xuất sắc", [10, 20], ["/r?l=1&y=2016", "/r?l=1&y=2017"]),
            Series("Hoàn thành tốt", [30, 20]),
        ],
        stacked=True,
    )
    rows = chart.layout()
    first, second = rows[0].bars
    assert second.x == first.x + first.width
    assert [row.total for row in rows] == [40, 40]
    # Only the stack's end carries a number: the total.
    assert (first.text, second.text) == (None, 40)
    table = _table(_render(chart))
    assert "Tổng" in table or "Total" in table
    assert '<a href="/r?l=1&amp;y=2017">20</a>' in table
    assert re.search(r'<td class="text-end fw-semibold">40</td>', table)


def test_grouped_bars_sit_one_under_the_other_within_their_category():
    chart = BarChart(title="x", categories=["A"], series=[Series("s1", [1]), Series("s2", [2])])
    first, second = chart.layout()[0].bars
    assert first.x == second.x
    assert second.y > first.y
    assert second.width == BAR_AREA


def test_labels_and_numbers_are_escaped():
    html = _render(BarChart.single("<b>x</b>", [("<script>", 1, None)]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
