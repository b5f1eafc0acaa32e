"""The name of an organization's committee, as its documents are issued ("Thành ủy Nam Định", "Đảng ủy phường X").

The wording is data (``naming.toml``); the paperwork prints it in its headers and
the directives offer "Ban Thường vụ" + this name as the issuing body.
"""

import tomllib
from functools import cache
from pathlib import Path

from organizations.models import OrganizationKind

# Organizations led by their cell's secretary, without a committee of their own.
CELL_KINDS = (OrganizationKind.GRASSROOTS_CELL, OrganizationKind.BRANCH, OrganizationKind.PARTY_GROUP)


@cache
def names():
    with Path(__file__).with_name("naming.toml").open("rb") as source:
        return tomllib.load(source)


def after_prefix(name, prefix):
    """``name`` without ``prefix`` at its start (case-insensitive), or None if it does not start so."""
    if name.casefold().startswith(prefix.casefold() + " "):
        return name[len(prefix) + 1 :].strip()
    return None


def committee_name(organization):
    """The name the organization's documents are issued under ("Đảng ủy phường X", "Thành ủy Y", "Chi bộ Z")."""
    rest = after_prefix(organization.name, names()["organization_prefix"])
    if rest is None or organization.kind in CELL_KINDS:
        return organization.name
    for unit, committee in names()["units"].items():
        locality = after_prefix(rest, unit)
        if locality is not None and organization.kind == OrganizationKind.SUPERIOR_COMMITTEE:
            return f"{committee} {locality}"
    return f"{names()['committee']} {rest}"
