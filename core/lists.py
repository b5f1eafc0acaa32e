"""Search, sort and paginate a queryset from a request's GET parameters.

Every list page uses this so that they behave alike: ``q`` searches the
diacritic-free ``search_text`` column (through the list's filter form, see
``core.filters``), ``sort`` picks one of the allowed orderings (a leading ``-``
reverses it) and ``page`` pages.
"""

from django.conf import settings
from django.core.paginator import Paginator

from core.text import search_key


def search(queryset, query, column="search_text"):
    """Rows whose ``column`` (a search key, see ``core.text``) holds every word of ``query``."""
    for word in search_key(query).split():
        queryset = queryset.filter(**{f"{column}__contains": word})
    return queryset


def sort(queryset, requested, allowed, default):
    """Order by ``requested`` if it (without its ``-``) is in ``allowed``.

    ``allowed`` maps the public sort name to the ORM field, so URLs never reach
    arbitrary columns.
    """
    name = (requested or "").lstrip("-")
    if name not in allowed:
        requested = default
        name = default.lstrip("-")
    field = allowed[name]
    prefix = "-" if requested.startswith("-") else ""
    return queryset.order_by(f"{prefix}{field}", "pk"), requested


class _CountedPaginator(Paginator):
    """A paginator told its row count (from a summary table) instead of counting the rows itself."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached property: this is its cached value


def paginate(request, queryset, per_page=None, count=None):
    """The page asked for in ``?page=``; ``count``, when given, is the number of rows, known without a COUNT."""
    per_page = per_page or settings.PAGE_SIZE
    paginator = Paginator(queryset, per_page) if count is None else _CountedPaginator(queryset, per_page, count=count)
    return paginator.get_page(request.GET.get("page"))
