"""Search, sort and paginate a queryset from a request's GET parameters.

Every list page uses this so that they behave alike: ``q`` searches the
diacritic-free ``search_text`` column (through the list's filter form, see
``core.filters``), ``sort`` picks one of the allowed orderings (a leading ``-``
reverses it) and ``page`` pages.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat, StrIndex
from django.db.models.lookups import GreaterThan

from core.text import search_key

# A word this long narrows a search through a trigram index (members migration 0003); a shorter one cannot.
TRIGRAM_WORD = 3


def trigram_words(query):
    """The words of ``query`` (as searched) that a trigram index can narrow the rows by."""
    return [word for word in search_key(query).split() if len(word) >= TRIGRAM_WORD]


def search(queryset, query, column="search_text", per_row=False):
    """Rows whose ``column`` (a search key, see ``core.text``) holds every word of ``query``.

    With ``per_row`` (a ``column`` of a related row: ``relation__search_text``) each row's related text is read
    by its key in a subquery and each word looked for in it (``strpos``/``instr``: the same rows as
    ``contains``). No join and no trigram index can serve that, so the planner starts from the list's own
    rows in reach and tests them one by one. Joined, a province's reviews searched for "nguyen van" were
    matched to every such member in the nation (94,000, from the trigram index, or a scan of all members):
    170–250 ms for the capped count, 36 ms per row (docs/performance.md). The planner's guess for such a
    test (a third of the rows per word) stays near a common name's real share: a capped count stops early.
    """
    words = search_key(query).split()
    if per_row and words:
        relation, _, column = column.partition("__")
        key = queryset.model._meta.get_field(relation)
        rows = key.related_model.objects.filter(pk=OuterRef(key.attname))
        text = Subquery(rows.order_by().values(column)[:1])  # one row by its key: no ordering
        return queryset.filter(*(GreaterThan(StrIndex(text, Value(word)), 0) for word in words))
    for word in words:
        queryset = queryset.filter(**{f"{column}__contains": word})
    return queryset


def sort(queryset, requested, allowed, default, matches_first=False, ties_follow=False):
    """Order by ``requested`` if it (without its ``-``) is in ``allowed``, equal values by their key.

    ``allowed`` maps the public sort name to the ORM field (a text column), so URLs never reach arbitrary
    columns. With ``matches_first`` the rows are ordered by an expression no index holds (the same text, the
    same order): the planner then finds the few rows a search matches and sorts them, instead of walking an
    index in the list's order and testing each row until a page is full, as its estimate of evenly spread
    matches makes it do (a rare name nationally: 55,000 reviews tested for 25). With ``ties_follow`` a
    descending order sorts equal values by descending key too (the exact reverse of the ascending list), which
    an index on (column, id) gives read backwards; otherwise the key ascends either way.
    """
    name = (requested or "").lstrip("-")
    if name not in allowed:
        requested = default
        name = default.lstrip("-")
    field = allowed[name]
    descending = requested.startswith("-")
    tie = "-pk" if descending and ties_follow else "pk"
    if matches_first:
        order = Concat(field, Value(""))
        return queryset.order_by(order.desc() if descending else order.asc(), tie), requested
    return queryset.order_by(f"{'-' if descending else ''}{field}", tie), requested


# A larger page number is read as this one when counting, so the LIMIT stays a valid bigint (``?page=9…9``).
PAGE_NUMBER_LIMIT = 2**31


class _Paginator(Paginator):
    """A paginator that may be told its row count (from a summary table) instead of counting the rows, may
    count only so far (``count_up_to``), and may choose a page over the rows' keys before reading its rows
    (``late_rows``)."""

    # With ``count_up_to``: whether there are more rows than ``counted`` (then ``count`` is ``counted`` + 1, and
    # the page shows "more than" instead of a total). Class attributes: a paginator counting all is never over.
    over = False
    counted = None

    def __init__(self, *args, count=None, late_rows=False, first_in=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached property: this is its cached value
        self.late_rows = late_rows
        self.first_in = first_in

    def count_up_to(self, cap, number):
        """Count at most ``cap`` rows, or as many as page ``number`` and the row after it reach when deeper.

        The rows are counted in ``SELECT count(*) FROM (… LIMIT n + 1)``: one row more than ``n`` tells that
        there are more, without reading them all. The rows counted then run to page ``number`` at least, so that
        page exists and has a next one; a number past the end counts every row and opens the last page.
        """
        try:
            number = min(max(int(number), 1), PAGE_NUMBER_LIMIT)
        except (TypeError, ValueError):
            number = 1  # the paginator opens the first page for it
        reach = max(cap, number * self.per_page)
        found = self.object_list.order_by()[: reach + 1].count()
        self.__dict__["count"] = found
        if found > reach:
            self.over, self.counted = True, reach

    @property
    def counted_pages(self):
        """The full pages counted when ``over``: the list has more pages than these."""
        return self.counted // self.per_page if self.over else self.num_pages

    def page(self, number):
        page = super().page(number)
        if self.first_in is not None:
            page.object_list = self._from_first(page.object_list)
        if self.late_rows:
            page.object_list = by_keys(page.object_list)
        return page

    def _from_first(self, window):
        """The rows of ``window`` found among the first rows of ``first_in``, or ``window`` itself when too few.

        ``first_in`` holds every row of the list, in its order: the list's rows among its first n are then the
        first rows of the list, up to the n-th's place. It is read to the page's last row, for a list holding
        (nearly) all of its rows; when they do not fill the page (the list's own filters left some out) the
        page is read as before. The page is chosen over the keys of those rows, then read whole.
        """
        low, high = window.query.low_mark, window.query.high_mark
        first = self.first_in.values("pk")[:high]
        keys = list(self.object_list.filter(pk__in=first).values_list("pk", flat=True)[low:high])
        if len(keys) < high - low:
            return window
        found = self.object_list.order_by().in_bulk(keys)  # the rows by their keys alone, not again by the walk
        return [found[key] for key in keys if key in found]


def by_keys(window):
    """The rows of ``window`` (a sliced, ordered queryset) chosen over their keys alone, then read whole with
    the queryset's joins and annotations: the sort handles narrow keys, not every wide joined row."""
    keys = list(window.values_list("pk", flat=True))
    rows = window.all()
    rows.query.clear_limits()
    found = rows.order_by().in_bulk(keys)
    return [found[key] for key in keys if key in found]  # one gone meanwhile is left out


def paginate(request, queryset, per_page=None, count=None, late_rows=False, capped=False, first_in=None):
    """The page asked for in ``?page=``; ``count``, when given, is the number of rows, known without a COUNT.

    With ``late_rows`` the page is chosen over the rows' keys alone and only its rows are then read whole
    (with the queryset's joins): a deep page sorts narrow keys, not every wide joined row. Sorting 1,632
    essays with their plan, document and member columns spilled to disk (108 ms for the last page); their
    keys took 13 ms.

    With ``capped`` (and no ``count``) at most ``settings.LIST_COUNT_CAP`` rows are counted, or as many as the
    page asked for reaches: past them the paginator is ``over`` and the page says "more than" its ``counted``
    rows and ``counted_pages`` (``includes/_pagination.html``) and links to the next page, not to a last one.
    For searches and filters that may match a large part of a national list: its count of 94,000 matching
    members was 450 ms of an 850 ms page.

    ``first_in``, a wider queryset in the same order (every row of ``queryset`` among its rows) whose first rows
    are cheap to read, chooses the page among its first rows when they hold it (``_Paginator._from_first``):
    for a search matching most of a large list read by someone who reaches most of it, its rows are taken in
    the order of an index and only those few are then tested against the list's own joins and filters.
    """
    paginator = _Paginator(
        queryset, per_page or settings.PAGE_SIZE, count=count, late_rows=late_rows, first_in=first_in
    )
    if capped and count is None:
        paginator.count_up_to(settings.LIST_COUNT_CAP, request.GET.get("page"))
    return paginator.get_page(request.GET.get("page"))
