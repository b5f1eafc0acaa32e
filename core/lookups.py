"""``startswith`` on a tree path as a range on SQLite, so that an index on the path serves it.

Every "under this organization" filter is a prefix of a tree path (``path__startswith``,
``organization_path__startswith``). PostgreSQL serves the prefix ``LIKE`` from its
``varchar_pattern_ops`` indexes; SQLite uses an index for ``LIKE`` only with
``case_sensitive_like`` on, which would make every other ``LIKE`` of the product case-sensitive.
A path is digits and dots, so ``path >= prefix AND path < prefix-with-its-last-character-next``
selects the same rows, and SQLite reads them as a range of the index: the collective review's
members, a cycle's reviews under a ward, went from a scan of the cycle's 15,000 reviews (24 ms
on the city) to a range of them (1 ms).

A top organization's prefix stays a ``LIKE``: it selects about the whole tree, and SQLite, which
guesses a range's rows without looking (no STAT4 in the system library), took the range for a
few hundred rows and sorted the whole cycle (29 ms) instead of walking the organizations in order
(0.1 ms). Registered on the path fields only (``register``, from the owning apps' ``ready()``): a
name's ``startswith`` keeps SQLite's case-insensitive ``LIKE``.
"""

from django.db.models.lookups import StartsWith


class PathStartsWith(StartsWith):
    def as_sqlite(self, compiler, connection):
        prefix = self.rhs
        if not self.rhs_is_direct_value() or not isinstance(prefix, str) or prefix.count(".") < 2:
            return super().as_sql(compiler, connection)  # an expression (OuterRef), or a top organization's path
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return f"({lhs_sql} >= %s AND {lhs_sql} < %s)", (*lhs_params, prefix, *lhs_params, after)


def register(*fields):
    """Make ``startswith`` on each of these model fields (tree paths) a range on SQLite."""
    for field in fields:
        field.register_lookup(PathStartsWith)
