"""The filter form every list uses: parsing in the fields, bad input ignored field by field, defaults."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from core.filters import FilterForm, SearchField


class Rows:
    """Stands in for a queryset: records the ``filter()`` calls made on it."""

    def __init__(self, calls=()):
        self.calls = list(calls)

    def filter(self, **lookups):
        return Rows([*self.calls, lookups])


class ExampleFilterForm(FilterForm):
    q = SearchField(through="member")
    status = forms.ChoiceField(required=False, choices=[("", "All"), ("open", "Open"), ("closed", "Closed")])
    year = forms.IntegerField(required=False, min_value=1930, max_value=2100)
    state = forms.ChoiceField(required=False, choices=[("active", "Active"), ("all", "All")], initial="active")
    late = forms.BooleanField(required=False)

    lookups = {"status": "status", "year": "year__gte"}

    def filter_state(self, rows, state):
        return rows.filter(state=state) if state != "all" else rows

    def filter_late(self, rows, _late):
        return rows.filter(late=True)


def _calls(data):
    return ExampleFilterForm(data).filter(Rows()).calls


def test_each_field_filters_by_its_lookup_or_its_method():
    assert _calls({"status": "open", "year": "2017", "state": "all", "late": "on"}) == [
        {"status": "open"},
        {"year__gte": 2017},
        {"late": True},
    ]


def test_a_bad_value_is_ignored_field_by_field():
    for bad in ("abc", "²", "\x00", "99999"):
        assert _calls({"status": bad, "year": bad, "state": "all"}) == [], bad
        assert _calls({"status": "closed", "year": bad, "state": "all"}) == [{"status": "closed"}], bad


def test_a_missing_empty_or_bad_value_takes_the_fields_default():
    for data in ({}, {"state": ""}, {"state": "\x00"}, {"state": "unknown"}):
        assert _calls(data) == [{"state": "active"}], data
    assert ExampleFilterForm({"state": "x"}).values["state"] == "active"


def test_an_unbound_form_filters_by_the_defaults_only():
    assert ExampleFilterForm().filter(Rows()).calls == [{"state": "active"}]


def test_the_search_needs_every_word_in_the_search_key_of_its_relation():
    assert _calls({"q": "  Trần   HOA ", "state": "all"}) == [
        {"member__search_text__contains": "tran"},
        {"member__search_text__contains": "hoa"},
    ]
    assert _calls({"q": "\x00", "state": "all"}) == []


def test_a_list_without_search_removes_it():
    class NoSearch(FilterForm):
        q = None

    assert list(NoSearch.base_fields) == []


def test_a_field_that_cannot_filter_is_a_programming_error():
    class Broken(FilterForm):
        colour = forms.CharField(required=False)

    with pytest.raises(ImproperlyConfigured, match="colour"):
        Broken({}).filter(Rows())
