"""``{% name_then %}`` and ``{% name_now %}``: a past name, linked or not, then today's when it changed."""

import pytest
from django.template import engines
from django.utils import translation

from organizations.lineage import NamedThen

CHANGED = NamedThen(None, "Đảng bộ phường Quang Trung", "Đảng bộ phường Nam Định")
SAME = NamedThen(None, "Đảng bộ phường Lộc Hạ", "Đảng bộ phường Lộc Hạ")


def _render(source, **context):
    template = engines["django"].from_string("{% load organization_names %}" + source)
    with translation.override("vi"):
        return template.render(context)


NOW = ' <small class="text-body-secondary name-now">(nay là Đảng bộ phường Nam Định)</small>'


@pytest.mark.parametrize("named", [CHANGED, CHANGED.as_dict()])  # a live row, or a report frozen as JSON
def test_a_changed_name_is_shown_as_then_with_todays_beside_it(named):
    assert _render("{% name_then named %}", named=named) == "Đảng bộ phường Quang Trung" + NOW
    linked = _render("{% name_then named href %}", named=named, href="/reviews/collective/5/?a=1&b=2")
    assert linked == '<a href="/reviews/collective/5/?a=1&amp;b=2">Đảng bộ phường Quang Trung</a>' + NOW
    assert _render("{% name_now named %}", named=named) == NOW


def test_an_unchanged_name_or_a_plain_one_is_the_name_alone_escaped():
    assert _render("{% name_then named %}", named=SAME) == "Đảng bộ phường Lộc Hạ"
    assert _render("{% name_now named %}", named=SAME) == ""
    assert _render("{% name_then named %}", named="Chi bộ <A&B>") == "Chi bộ &lt;A&amp;B&gt;"
    tricky = NamedThen(None, "<b>then</b>", "<i>now</i>")
    assert _render("{% name_then named %}", named=tricky) == (
        '&lt;b&gt;then&lt;/b&gt; <small class="text-body-secondary name-now">(nay là &lt;i&gt;now&lt;/i&gt;)</small>'
    )
