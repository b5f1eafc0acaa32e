"""Where the apps above plug into the organization tree (filled in their ``AppConfig.ready()``).

``closing_holdings``
    What an organization holds that a closing must hand to its successor. Each
    entry is a ``Holding``: ``holds(organization)`` says whether there is any,
    ``transfer(organization, successor, on_date)`` hands it over inside the
    closing's transaction. An organization that holds anything cannot be closed
    without a successor.
``detail_panels``
    Cards on the organization's page. Each entry is a ``Panel``: the template,
    included with the page's context plus ``panel``, the dict that
    ``context(organization, user)`` returns.
"""

from typing import NamedTuple

from core.registry import Registry


class Holding(NamedTuple):
    holds: object
    transfer: object


class Panel(NamedTuple):
    template: str
    context: object


closing_holdings = Registry("what a closing organization hands to its successor")
detail_panels = Registry("cards on the organization page")
