"""Where the apps above plug into the organization tree (filled in their ``AppConfig.ready()``).

``closing_holdings``
    What an organization holds that must follow it to its successor when it
    ends (merger, split, dissolution). Each entry is a ``Holding``:

    - ``holds(organization)`` says whether there is any (an organization that
      holds anything cannot end without a successor);
    - ``items(organization)`` lists them as ``(key, label)`` pairs, so a split
      can ask to which successor each one goes;
    - ``transfer(organization, successor, on_date, keys=None)`` hands them over
      inside the event's transaction: all of them, or only those whose keys are
      given (a split calls it once per successor). The item keeps naming the
      organization it came from.
    - ``name`` keys the split's assignment (``{name: {key: successor}}``) and
      ``label`` heads the list on the split form.
``detail_panels``
    Cards on the organization's page. Each entry is a ``Panel``: the template,
    included with the page's context plus ``panel``, the dict that
    ``context(organization, user)`` returns.
``tree_moves``
    What follows sub-trees when they move. Each entry is a function
    ``(old_prefix, new_prefix, old_paths, on_date)`` called inside the move's
    transaction once per former superior (``Organization.move_all``), not once
    per organization: the sub-trees whose root paths are ``old_paths`` (each
    ``old_prefix`` and one segment, siblings) now start with ``new_prefix``
    instead of ``old_prefix``. The records that keep a place in the tree (a
    review cycle's, whose reference date is on or after ``on_date``) take the
    new one, in one statement per table (``models.in_subtrees`` selects them)
    whatever the size of the sub-trees.
``successor_evidence``
    Where the records say an organization went when it was closed before the
    restructuring record existed (no ``LineageLink``): ``manage.py
    derive_past_lineage`` proposes the successor they point to most. Each entry
    is an ``Evidence``: ``label`` names the records (shown in the derived
    event's basis) and ``weigh(organization)`` returns ``{organization pk:
    count}`` of the records pointing at each candidate successor.
``basis_links``
    How an event's legal basis (text: number, date, issuer) finds its page in
    the register of documents, which sits above organizations. Each entry is a
    function ``(events, user) -> {event pk: url}`` (pages the user may read); the lineage shows the first link
    found, and the text alone otherwise.
"""

from typing import NamedTuple

from core.registry import Registry


class Holding(NamedTuple):
    name: str
    label: str
    holds: object
    items: object
    transfer: object


class Panel(NamedTuple):
    template: str
    context: object


class Evidence(NamedTuple):
    label: object
    weigh: object


closing_holdings = Registry("what an ending organization hands to its successors")
detail_panels = Registry("cards on the organization page")
tree_moves = Registry("what follows a sub-tree when it moves")
basis_links = Registry("the register's page of an event's legal basis")
successor_evidence = Registry("where a closed organization's records say it went")
