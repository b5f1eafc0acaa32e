"""``core.links.list_url`` and ``linker``: the URL ``reverse()`` and ``urlencode()`` give, however cached."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse, set_script_prefix

from core.links import linker, list_url


@pytest.mark.parametrize(
    "params",
    [
        {"status": "active", "organization": 12},
        {"q": "nguyễn văn"},  # quoted
        {"state": "a&b", "page": 2},
        {"late": True, "year": 2018},
        {"tag": "Ab-_.~9"},  # the characters urlencode leaves as they are
    ],
)
def test_a_list_url_is_the_reversed_url_and_its_encoded_filters(params):
    assert list_url("members:list", **params) == f"{reverse('members:list')}?{urlencode(params)}"
    assert linker("members:list")(**params) == f"{reverse('members:list')}?{urlencode(params)}"


def test_a_linker_gives_the_list_url_of_each_filters_it_is_called_with():
    board = linker("reviews:cycle_board", 7)
    assert board(step="draft") == list_url("reviews:cycle_board", 7, step="draft")
    assert board(step="", page=None) == reverse("reviews:cycle_board", args=[7])
    assert board(step="returned", q="trần") == list_url("reviews:cycle_board", 7, step="returned", q="trần")


def test_empty_filters_are_left_out_and_positional_arguments_reach_the_pattern():
    assert list_url("members:list", status=None, q="") == reverse("members:list")
    board = reverse("reviews:cycle_board", args=[7])
    assert list_url("reviews:cycle_board", 7, step="draft") == f"{board}?step=draft"
    assert list_url("reviews:cycle_board", 8) == reverse("reviews:cycle_board", args=[8])


def test_the_url_follows_the_prefix_the_site_is_mounted_under():
    set_script_prefix("/kiemdiem/")
    try:
        assert list_url("members:list", status="active") == "/kiemdiem/members/?status=active"
    finally:
        set_script_prefix("/")
