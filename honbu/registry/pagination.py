"""Pages of registry lists without counting every matching row.

An exact COUNT over 300,000 systems costs more than finding the 25 rows shown (it reads every match, often
through a join), so the lists count at most `COUNT_CAP` + 1 rows: "1,000 or more" is as useful to a reader as
"48,213", and someone who needs all of them exports the list. Like most search engines, the pages stop at the
cap too: deep OFFSETs cost as much as the count they replace, and the filters narrow a long list better.

Full-text searches are not counted at all (`NextPagePaginator`): PostgreSQL's GIN index answers a search with a
bitmap of *every* match, so even a count stopped at 1,001 reads all 25,000 systems that mention 「採用」 — 10 to
40 ms, where the page itself, walking the newest systems first until 25 match, takes one or two. A search page
reads one row more than it shows to know whether a next page exists, and tells the total once it is known: on a
page with no next page.

Walking the newest rows first is right for a common word and ruinous for a word that matches nothing: the walk
then reads the whole table (150 ms at 300,000 systems), and the planner cannot tell the two apart, since its
statistics give any word it has not sampled the same default frequency (0.5 %). So a search page first looks only
among the newest `RECENT_WINDOW` rows for each page number, which bounds the walk. If they do not fill the page,
the match is rare there, and the page is read through the full-text index instead, ordered by an expression the
primary key's index cannot serve, so that the planner cannot choose the walk.

Both kinds of page carry `total` (the number of matches, or None when not known) and `last_number` (the number
of the last page, or None), which the templates show.
"""

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import F
from django.utils.functional import cached_property

from honbu.registry.listcache import TIMEOUT

COUNT_CAP = 1000
RECENT_WINDOW = 10_000  # rows by id per page: a walk through them costs ~5 ms on PostgreSQL


class CappedPaginator(Paginator):
    """A `Paginator` whose `count` stops at `cap`; `capped` says whether more rows match."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, count_key: str | None = None, **kwargs):
        self.cap = COUNT_CAP if cap is None else cap
        self.count_key = count_key
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _capped_count(self) -> int:
        # Only the primary keys, no ORDER BY: the database may stop at any cap + 1 matches, through any index.
        def count():
            return self.object_list.order_by().values("pk")[: self.cap + 1].count()
        return count() if self.count_key is None else cache.get_or_set(f"{self.count_key}:{self.cap}", count, TIMEOUT)

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._capped_count > self.cap

    def get_page(self, number) -> Page:
        page = super().get_page(number)
        page.total, page.last_number = (None, None) if self.capped else (self.count, self.num_pages)
        return page


class NextPagePaginator(Paginator):
    """Pages that know whether a next page exists, never how many there are; see the module's docstring.

    The rows must be ordered newest first (by descending primary key)."""

    capped = False

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        self.cap = COUNT_CAP if cap is None else cap
        super().__init__(object_list, per_page, **kwargs)

    @property
    def last_allowed(self) -> int:
        return max(1, self.cap // self.per_page)

    def get_page(self, number) -> Page:
        try:
            number = max(1, min(int(number), self.last_allowed))
        except (TypeError, ValueError):
            number = 1
        return NextPagePage(number, self)

    @property
    def count(self):
        raise TypeError("A NextPagePaginator does not count: use page.total, known on the last page.")


class NextPagePage(Page):
    """A page whose rows (one more than shown) are read when first used, as Django's pages are: a page whose
    rendering comes from the cache reads nothing."""

    def __init__(self, number: int, paginator: NextPagePaginator):
        self.number, self.paginator = number, paginator
        self.offset = (number - 1) * paginator.per_page

    @cached_property
    def _rows(self) -> list:
        queryset, end = self.paginator.object_list, self.offset + self.paginator.per_page + 1
        newest = queryset.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        window = RECENT_WINDOW * self.number  # a deeper page needs as many more matches
        recent = list((queryset.filter(pk__gt=newest - window) if newest > window else queryset)[self.offset:end])
        if len(recent) == end - self.offset or newest <= window:
            return recent
        return list(queryset.order_by((F("pk") + 0).desc())[self.offset:end])

    @property
    def object_list(self) -> list:
        return self._rows[: self.paginator.per_page]

    @property
    def _last(self) -> bool:
        # Known on the last page; past the end (an old link, fewer matches since) nothing is known.
        return len(self._rows) <= self.paginator.per_page and bool(self._rows or self.number == 1)

    @property
    def total(self) -> int | None:
        return self.offset + len(self._rows) if self._last else None

    @property
    def last_number(self) -> int | None:
        return self.number if self._last else None

    def has_next(self) -> bool:
        return len(self._rows) > self.paginator.per_page and self.number < self.paginator.last_allowed

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return self.offset + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.offset + len(self.object_list)


def page_of(request, queryset, *, per_page: int = 25, cap: int | None = None, count_key: str | None = None,
            counted: bool = True):
    """The requested page (clamped to the pages there may be) and the query string without `page`, for links.

    Searches pass `counted=False` (see above); with a `count_key` (see `honbu.registry.listcache`) a count is
    cached under it."""
    if counted:
        paginator = CappedPaginator(queryset, per_page, cap=cap, count_key=count_key)
    else:
        paginator = NextPagePaginator(queryset, per_page, cap=cap)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
