"""The registry of Excel exports, by name.

An export is a function ``queryset_fn(user, params)`` returning the rows
``user`` may see (it MUST go through ``accounts.access.scope``) filtered by
``params`` (the list page's GET filters, a plain dict of strings) through the
list's own filter form (``core.filters.FilterForm``), and the columns to write.
The same registration serves the request that returns a small file at once and
the Celery task that writes a large one later: the task receives only the job
id and rebuilds the rows from the name, the stored parameters and the owner's
scope at run time.

Register from your app's ``exports.py`` (discovered at start-up)::

    from reports.registry import register
    register("members", members_for, MEMBER_COLUMNS, title=_("Party members"),
             filters=tuple(MemberFilterForm.base_fields))
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone


@dataclass(frozen=True)
class Export:
    name: str
    queryset_fn: object
    columns: tuple
    title: str
    filters: tuple

    def rows(self, user, params):
        return self.queryset_fn(user, params)

    def params(self, data):
        """The known, non-empty filters from ``data`` (a QueryDict or dict), as stored in a job."""
        return {name: str(data.get(name)).strip() for name in self.filters if str(data.get(name) or "").strip()}

    def filename(self):
        return f"{self.name}-{timezone.localdate():%Y%m%d}.xlsx"

    @property
    def sheet_title(self):
        return str(self.title)


_exports = {}


def register(name, queryset_fn, columns, *, title, filters=()):
    if name in _exports and _exports[name].queryset_fn is not queryset_fn:
        raise ValueError(f"An export named {name!r} is already registered")
    _exports[name] = Export(name, queryset_fn, tuple(columns), title, tuple(filters))
    return _exports[name]


def get(name):
    """The export registered as ``name``; KeyError if none."""
    return _exports[name]


def get_or_404(name):
    try:
        return _exports[name]
    except KeyError:
        raise Http404 from None


def names():
    return sorted(_exports)
