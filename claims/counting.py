"""How many claims a filtered list holds, without counting a million rows to say so.

A list filtered by nothing but status and source, or status and rating, is counted exactly
from the running tallies. Any other filter is counted row by row up to EXACT_LIMIT; past
that (or when the planner already puts it far past) the list shows PostgreSQL's own
estimate ("about 1.2 million"), which costs a plan, not a scan. Either way a count is one
query. A search counts every claim it matches, though its list shows only the best RANKED
of them.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Q, QuerySet

from claims import tallies
from claims.filters import ClaimFilter
from claims.models import Claim, ClaimDocument
from claims.search import ranking

EXACT_LIMIT = 10_000
# Rows a status tab reads to tell statuses apart: beyond it the tabs share out the estimate.
TAB_SAMPLE = 2_000
# Filters the tallies can answer together; every other filter (or mix) is counted.
TALLIED = ({"status", "source"}, {"status", "rating"})


@dataclass(frozen=True)
class ListCount:
    """A count of a list, exact or estimated."""

    n: int
    exact: bool = True
    # How many of them a list can show: a search lists its best RANKED matches only.
    listed: int | None = None

    def __str__(self) -> str:
        if self.exact:
            return f"{self.n:,}"
        return f"about {_round(self.n)}"


def _round(n: int) -> str:
    """Say a large estimate the way a person would: 'about 1.2 million', 'about 47,000'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} million".replace(".0 ", " ")
    digits = len(str(n)) - 2
    return f"{round(n, -digits):,}"


def active_filters(filters: ClaimFilter) -> dict:
    """Return the filters given a usable value (sorting aside); bad values are left out."""
    filters.is_valid()
    data = getattr(filters.form, "cleaned_data", {})
    return {
        name: value
        for name, value in data.items()
        if name != "ordering" and value not in (None, "", [], ())
    }


def count_claims(filters: ClaimFilter, queryset: QuerySet[Claim] | None = None) -> ListCount:
    """Return how many claims the filtered list holds: exact, or estimated past EXACT_LIMIT."""
    queryset = filters.qs if queryset is None else queryset
    if queryset.query.is_empty():
        return ListCount(0)
    filters.qs  # noqa: B018  (a search, run by building the list, says what it matches)
    if filters.matches is not None:
        count = count_rows(filters.counted)
        return ListCount(count.n, count.exact, listed=min(count.n, ranking.RANKED))
    active = active_filters(filters)
    if _tallied(active) and _unrestricted(filters):
        total = tallies.claim_total(
            active.get("status"), source_id=active.get("source"), ratings=active.get("rating")
        )
        return ListCount(total)
    return count_rows(queryset)


def _tallied(active: dict) -> bool:
    """Whether the running tallies can count a list filtered so."""
    return any(set(active) <= answered for answered in TALLIED)


def count_rows(queryset: QuerySet) -> ListCount:
    """Count a queryset's rows up to EXACT_LIMIT, and estimate beyond it, in one query.

    The database function `claimdesk_count` (migration 0008) asks the planner first: a list
    it puts far past the limit is not counted at all, so a broad filter costs a plan rather
    than ten thousand rows, and every list costs the same one query whatever it matches.
    """
    connection = connections[queryset.db]
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n, exact FROM claimdesk_count(%s, %s)",
            [connection.ops.compose_sql(sql, params), EXACT_LIMIT],
        )
        n, exact = cursor.fetchone()
    return ListCount(int(n), exact=exact)


def _unrestricted(filters: ClaimFilter) -> bool:
    """Whether the filter starts from every claim (the tallies count every claim)."""
    return not filters.queryset.query.where


def status_counts(filters: ClaimFilter) -> dict[str, ListCount]:
    """Return, for each status, how many claims match the other filters."""
    active = active_filters(filters)
    active.pop("status", None)
    if _tallied(active) and _unrestricted(filters):
        counts = tallies.status_counts(source_id=active.get("source"), ratings=active.get("rating"))
        return {status: ListCount(n) for status, n in counts.items()}
    others = filters.data.copy()
    others.setlist("status", [])
    base_filters = ClaimFilter(others, queryset=filters.queryset)
    filters.qs  # noqa: B018  (reads the search's words, which the base list then reuses)
    base_filters.search_query = filters.search_query
    base = base_filters.qs
    if base_filters.matches is not None:  # every claim the search matches, not the best listed
        base = base_filters.counted
    return counts_by_status(base)


def counts_by_status(rows: QuerySet) -> dict[str, ListCount]:
    """Count rows (claims, or claims' search documents) per status in one capped query.

    Up to TAB_SAMPLE rows are read and told apart by status; a list holding more is shared
    out among the statuses as those rows are, from the count (or estimate) of the whole.
    """
    if rows.model is ClaimDocument:  # the index holds each claim's status as a facet
        each = {
            s: Count("pk", filter=ranking.holds(ranking.facets(status=[s]), "document"))
            for s in Claim.Status.values
        }
    else:
        each = {s: Count("pk", filter=Q(status=s)) for s in Claim.Status.values}
    sample = rows.order_by().values("pk")[:TAB_SAMPLE].aggregate(read=Count("pk"), **each)
    read = sample.pop("read")
    if read < TAB_SAMPLE:
        return {status: ListCount(n) for status, n in sample.items()}
    whole = count_rows(rows).n
    return {status: ListCount(round(whole * n / read), exact=False) for status, n in sample.items()}


class CountedPaginator(Paginator):
    """A paginator told its count instead of asking the database for it."""

    def __init__(self, object_list, per_page, *, count: ListCount, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.list_count = count

    @cached_property
    def count(self) -> int:
        listed = self.list_count.listed
        return self.list_count.n if listed is None else listed
