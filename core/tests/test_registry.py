"""Registries and slots: how the apps above plug into the apps below."""

from django.template import Context, Template
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from core import slots
from core.registry import Registry


def test_an_entry_registers_once_and_entries_keep_their_order():
    registry = Registry("probe")
    first, second = object(), object()
    assert registry.register(first) is first
    registry.register(second)
    registry.register(first)  # ready() may run twice
    assert list(registry) == [first, second]


def test_a_slot_nobody_filled_renders_nothing_and_a_filled_one_renders_each_renderer(monkeypatch):
    monkeypatch.setattr(slots, "_slots", {})
    template = Template('{% load core_tags %}[{% slot "probe.place" word %}]')
    context = Context({"word": "<b>", "request": RequestFactory().get("/")})
    assert template.render(context) == "[]"
    slots.slot("probe.place").register(lambda context, word: f"plain {word}")
    slots.slot("probe.place").register(lambda context, word: mark_safe("<i>two</i>"))
    # A renderer's plain text is escaped; only what it marked safe (a rendered template) goes out as HTML.
    assert template.render(context) == "[plain &lt;b&gt;<i>two</i>]"


def test_the_apps_fill_their_hooks_when_they_start():
    from commitments import services as commitments_services
    from directives import services as directives_services
    from documents.hooks import related_lists
    from members import services as members_services
    from organizations.hooks import closing_holdings, detail_panels
    from reviews.hooks import cycle_opened, top_level_barriers
    from studies import services as studies_services

    assert commitments_services.carry_over in list(cycle_opened)
    assert commitments_services.blocks_top_level in list(top_level_barriers)
    assert [holding.transfer for holding in closing_holdings] == [
        members_services.hand_over_members,
        directives_services.hand_over_targets,
        studies_services.hand_over_essays,
        commitments_services.hand_over_commitments,
    ]
    assert [panel.template for panel in detail_panels] == [
        "members/includes/_organization_panel.html",
        "members/includes/_leadership_panel.html",
    ]
    assert [related.links for related in related_lists] == [directives_services.governed_by]
    assert len(list(slots.slot("review.section_iii"))) == 1
    assert len(list(slots.slot("conclusion.actions"))) == 1
