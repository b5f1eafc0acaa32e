"""Where the apps above plug into the header (filled in their ``AppConfig.ready()``).

``navigation_counts``
    Functions ``f(user) -> {name: count}``: the figures the navigation shows
    next to a link (commitments: the extension requests waiting for the
    user's decision). A function returns ``{}`` without a query for a user
    who has no such list, and one COUNT otherwise; the header asks only when
    a template reads ``nav_counts``.
"""

from core.registry import Registry

navigation_counts = Registry("figures shown in the header's navigation")
