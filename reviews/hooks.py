"""Where the apps above plug into the reviews (filled in their ``AppConfig.ready()``).

``cycle_opened``
    Functions ``f(cycle)`` called at the end of ``services.open_cycle``, inside
    its transaction, once every review exists: commitments carries the open
    commitments of earlier cycles into section III of the new reviews.
``top_level_barriers``
    Functions ``f(review) -> bool``: True keeps the review's owner from the top
    level (a commitment from an earlier cycle that is not verified yet).
"""

from core.registry import Registry

cycle_opened = Registry("steps run when a cycle opens")
top_level_barriers = Registry("what keeps a review's owner from the top level")
