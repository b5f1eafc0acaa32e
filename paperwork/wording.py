"""The documents' Vietnamese wording (``wording.toml``), read once."""

import functools
import tomllib
from pathlib import Path

WORDING_FILE = Path(__file__).with_name("wording.toml")


@functools.cache
def _wording():
    with WORDING_FILE.open("rb") as source:
        return tomllib.load(source)


def words(section):
    """The texts of one section of ``wording.toml`` (a KeyError names a section that does not exist)."""
    return _wording()[section]
