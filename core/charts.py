"""Server-rendered horizontal bar charts, each with the same numbers as a table.

A chart is plain data turned into SVG geometry and drawn as HTML here
(``BarChart.html``, printed by ``{% load charts %}{% bar_chart chart %}``).
No JavaScript and no outside service. The SVG is decoration for sighted
readers: the table beside it carries every number (and its link) for screen
readers, keyboards and printing.

Bars are single, grouped (one bar per series side by side) or stacked (series
end to end, with a total column in the table).
"""

from dataclasses import dataclass, field

from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Bootstrap-like colours that stay apart in grey print.
PALETTE = ("#b02a37", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#ffc107")

LABEL_WIDTH = 210  # room for the category names (cut at LABEL_CHARACTERS) left of the bars
LABEL_CHARACTERS = 28
VALUE_ROOM = 50  # room right of the longest bar for its number
BAR_AREA = 360
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 10


@dataclass
class Series:
    """One set of values, one per category; ``links`` (same length, None for no link) optional."""

    name: str
    values: list
    links: list | None = None

    def link(self, index):
        return self.links[index] if self.links else None


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    link: str | None
    color: str
    series: str
    label_x: float = 0
    text: int | None = None  # the number printed after the bar; None prints nothing

    @property
    def text_y(self):
        return self.y + self.height - 5


@dataclass
class Row:
    label: str
    link: str | None
    y: float
    label_y: float
    bars: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # (value, link) per series, for the table
    total: int = 0


@dataclass
class BarChart:
    """A horizontal bar chart of ``categories`` with one or more ``series``.

    ``category_links`` (optional) link each category name in the table.
    """

    title: str
    categories: list
    series: list
    stacked: bool = False
    category_links: list | None = None
    slug: str = "chart"

    @classmethod
    def single(cls, title, items, *, name=None, slug="chart"):
        """A one-series chart from ``(label, value, link)`` items."""
        items = list(items)
        return cls(
            title=title,
            categories=[label for label, _value, _link in items],
            series=[Series(name or _("Count"), [value for _l, value, _k in items], [link for *_, link in items])],
            slug=slug,
        )

    @property
    def is_multi(self):
        return len(self.series) > 1

    @property
    def show_total(self):
        return self.stacked and self.is_multi

    @property
    def total_label(self):
        return _("Total")

    def legend(self):
        return [(s.name, PALETTE[i % len(PALETTE)]) for i, s in enumerate(self.series)]

    def _scale_max(self):
        if self.stacked:
            totals = [sum(s.values[i] or 0 for s in self.series) for i in range(len(self.categories))]
        else:
            totals = [v or 0 for s in self.series for v in s.values]
        return max(totals, default=0) or 1

    def layout(self):
        """Rows with bar geometry; SVG user units, width ``self.width``."""
        scale = BAR_AREA / self._scale_max()
        per_row = BAR_HEIGHT if self.stacked or not self.is_multi else len(self.series) * (BAR_HEIGHT + BAR_GAP)
        rows, y = [], ROW_GAP
        for index, label in enumerate(self.categories):
            link = self.category_links[index] if self.category_links else None
            row = Row(label=label, link=link, y=y, label_y=y + per_row / 2 + 4)
            x, bar_y = LABEL_WIDTH, y
            for series_index, series in enumerate(self.series):
                value = series.values[index] or 0
                width = value * scale
                bar = Bar(
                    x=x,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    value=value,
                    link=series.link(index),
                    color=PALETTE[series_index % len(PALETTE)],
                    series=series.name,
                    label_x=x + width + 4,
                    text=value,
                )
                row.bars.append(bar)
                row.cells.append((value, bar.link))
                row.total += value
                if self.stacked:
                    x += width
                else:
                    bar_y += BAR_HEIGHT + BAR_GAP
            if self.stacked:
                # One number at the end of the stack: the total; the table has the parts.
                for bar in row.bars[:-1]:
                    bar.text = None
                row.bars[-1].label_x = x + 4
                row.bars[-1].text = row.total
            rows.append(row)
            y += per_row + ROW_GAP
        self.height = y
        return rows

    @property
    def width(self):
        return LABEL_WIDTH + BAR_AREA + VALUE_ROOM

    @property
    def label_x(self):
        return LABEL_WIDTH - 6

    def html(self):
        """The figure: the drawing beside the table, each number with its link (escaped, safe to print).

        Written out here rather than by a template: the dashboard draws eleven charts, and the
        template engine spent a third of the page's time resolving the variables of their bars and
        cells. Numbers are counts, printed as the templates print integers (no thousand separator).
        """
        rows = self.layout()
        title = escape(self.title)
        names = [escape(series.name) for series in self.series]  # each lazy name translated once, not per bar
        parts = [
            f'<figure class="chart mb-4" id="{escape(self.slug)}"><figcaption class="h6">{title}</figcaption>',
            # On a phone the drawing would be too small to read: the table alone carries the numbers.
            '<div class="row g-3"><div class="col-lg-7 d-none d-sm-block">',
        ]
        if self.is_multi:
            parts.append('<ul class="list-inline small mb-1" aria-hidden="true">')
            parts += [
                f'<li class="list-inline-item"><svg width="12" height="12" class="align-baseline">'
                f'<rect width="12" height="12" fill="{color}"/></svg> {name}</li>'
                for name, (_name, color) in zip(names, self.legend(), strict=True)
            ]
            parts.append("</ul>")
        parts.append(
            f'<svg class="chart-svg w-100" viewBox="0 0 {self.width} {self.height}" '
            'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" font-size="12" '
            'font-family="system-ui, sans-serif">'
        )
        label_x = f"{self.label_x:.1f}"
        for row in rows:
            label = escape(row.label)
            short = escape(Truncator(row.label).chars(LABEL_CHARACTERS))
            parts.append(
                f'<text x="{label_x}" y="{row.label_y:.1f}" text-anchor="end">{short}<title>{label}</title></text>'
            )
            for bar, name in zip(row.bars, names, strict=True):
                drawn = (
                    f'<rect x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" height="{bar.height}" '
                    f'fill="{bar.color}"><title>{label} – {name}: {bar.value}</title></rect>'
                )
                if bar.text is not None:
                    drawn += f'<text class="chart-value" x="{bar.label_x:.1f}" y="{bar.text_y:.1f}">{bar.text}</text>'
                if bar.link:
                    drawn = f'<a href="{escape(bar.link)}" tabindex="-1">{drawn}</a>'
                parts.append(drawn)
        parts.append("</svg></div>")
        parts.append(self._table_html(rows, title, names))
        parts.append("</div></figure>")
        return mark_safe("".join(parts))  # noqa: S308 - every text and link above is escaped

    def _table_html(self, rows, title, names):
        """The same numbers as a table: one row per category, one column per series (and the total)."""
        item = escape(gettext("Item"))  # (messages are extracted from outside f-strings only)
        heads = "".join(f'<th scope="col" class="text-end">{name}</th>' for name in names)
        if self.show_total:
            heads += f'<th scope="col" class="text-end">{escape(self.total_label)}</th>'
        parts = [
            '<div class="col-lg-5"><div class="table-responsive">'
            '<table class="table table-sm table-striped align-middle chart-table">'
            f'<caption class="visually-hidden">{title}</caption>'
            f'<thead><tr><th scope="col"><span class="visually-hidden">{item}</span></th>'
            f"{heads}</tr></thead><tbody>"
        ]
        for row in rows:
            label = escape(row.label)
            head = f'<a href="{escape(row.link)}">{label}</a>' if row.link else label
            cells = "".join(f'<td class="text-end">{_linked(value, link)}</td>' for value, link in row.cells)
            if self.show_total:
                cells += f'<td class="text-end fw-semibold">{row.total}</td>'
            parts.append(f'<tr><th scope="row" class="fw-normal">{head}</th>{cells}</tr>')
        if not rows:
            nothing = escape(gettext("Nothing to show."))
            parts.append(f'<tr><td colspan="{len(self.series) + 1}" class="text-muted">{nothing}</td></tr>')
        parts.append("</tbody></table></div></div>")
        return "".join(parts)


def _linked(value, link):
    return f'<a href="{escape(link)}">{value}</a>' if link else str(value)
