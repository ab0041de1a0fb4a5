"""Pages of registry lists without counting every matching row.

An exact COUNT over 300,000 systems costs more than finding the 25 rows shown (it reads every match, often
through a join), so the lists count at most `COUNT_CAP` + 1 rows: "1,000 or more" is as useful to a reader as
"48,213", and someone who needs all of them exports the list. Like most search engines, the pages stop at the
cap too: deep OFFSETs cost as much as the count they replace, and the filters narrow a long list better.
"""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from honbu.registry.listcache import TIMEOUT

COUNT_CAP = 1000


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


def page_of(request, queryset, *, per_page: int = 25, cap: int | None = None, count_key: str | None = None):
    """The requested page (clamped to the pages there are) and the query string without `page`, for links.

    With a `count_key` (see `honbu.registry.listcache`) the count is cached under it."""
    page = CappedPaginator(queryset, per_page, cap=cap, count_key=count_key).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
