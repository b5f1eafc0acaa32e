"""Where the apps above plug into the document register (filled in their ``AppConfig.ready()``).

``related_lists``
    Lines on a document's page listing what the document governs in a higher
    app. Each entry is a ``RelatedList``: its label and ``links(document, user)``,
    the ``(title, url)`` pairs the user may see.
"""

from typing import NamedTuple

from core.registry import Registry


class RelatedList(NamedTuple):
    label: str
    links: object


related_lists = Registry("what a document governs, listed on its page")
