"""Registries: how a lower app reaches a higher one without importing it.

The apps sit in layers (docs/architecture.md) and an app imports only the apps
below it. Where a lower app's step must involve a higher app (closing an
organization moves its members; opening a cycle carries the open commitments
over), the lower app declares a ``Registry`` and the higher app registers its
function in its ``AppConfig.ready()``. The import points down, the call goes up.
"""


class Registry:
    """An ordered set of entries that higher apps plug in when they start."""

    def __init__(self, name):
        self.name = name
        self._entries = []

    def register(self, entry):
        """Add ``entry`` once (``ready()`` may run twice in tests); returns it, so it works as a decorator."""
        if entry not in self._entries:
            self._entries.append(entry)
        return entry

    def __iter__(self):
        return iter(tuple(self._entries))

    def __repr__(self):
        return f"<Registry {self.name}: {len(self._entries)} entries>"
