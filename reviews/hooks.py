"""Where the apps above plug into the reviews (filled in their ``AppConfig.ready()``).

``cycle_opened``
    Functions ``f(cycle)`` called at the end of ``services.open_cycle``, inside
    its transaction, once every review exists: commitments carries the open
    commitments of earlier cycles into section III of the new reviews.
``top_level_barriers``
    Functions ``f(review) -> bool``: True keeps the review's owner from the top
    level (a commitment from an earlier cycle that is not verified yet).
``section_prefills``
    Functions ``f(review) -> {section name: text}``, asked when a review's edit
    page opens: an empty section starts with the text (studies: the year's
    study sessions, attendance and essays in section I). Nothing is saved
    until the editor saves.
"""

from core.registry import Registry

cycle_opened = Registry("steps run when a cycle opens")
top_level_barriers = Registry("what keeps a review's owner from the top level")
section_prefills = Registry("what an empty section of a review starts with")
