"""The server process's heap, settled once the code is loaded.

A full (generation 2) garbage collection walks every object the collector tracks. After Django
has loaded its apps, models, URL patterns and views, that is some 150,000 objects which live as
long as the process, and one full collection of them took 80–200 ms inside whichever request
happened to trigger it: the single slow request in ten that set a page's 95th percentile in
``bench/pages.py``. ``gc.freeze()`` moves the objects alive at start-up into a permanent
generation that collections skip (Python's documentation suggests it for a server after
start-up), so a full collection walks only what the requests have made since.
"""

import gc


def settle():
    """Load the URL patterns (and with them every view module), then freeze what is alive."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imported for its side effect: the views are loaded now, not in a request
    gc.collect()
    gc.freeze()
