"""The numbers shown by the dashboard, the organization page and the cycle report.

Each function returns plain values from a fixed number of aggregate queries
(conditional counts or one GROUP BY), whatever the number of organizations,
always inside the user's reach (``accounts.access.scope``) and, when given,
under one organization's sub-tree.
"""
