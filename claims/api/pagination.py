"""Pages of long lists that stay fast deep into the list."""

from functools import partial

from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework.response import Response

from claims.counting import CountedPaginator, ListCount
from claims.search.ranking import SCORE
from factcheck.pagination import PageNumberPagination


class KeysFirstPaginator(DjangoPaginator):
    """Find a page's primary keys in a subquery, then read only those rows.

    OFFSET has to step over every earlier row; stepping over index entries alone (an
    index-only scan of the primary key) costs far less than over whole table rows.
    Still one query a page.
    """

    def page(self, number: int | str) -> Page:
        if tuple(self.object_list.query.order_by[:1]) == (f"-{SCORE}",):
            # Best match first: a few thousand candidates at most, ranked in one pass; a keys
            # subquery would draw them again for every key.
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class KeysFirstPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator


class CountedKeysPaginator(CountedPaginator, KeysFirstPaginator):
    """Keys-first pages of a list whose count was worked out beforehand."""


class CountedPagination(KeysFirstPagination):
    """Pages whose total comes from the view's `count_list` (tallies, or an estimate).

    The response says whether `count` is exact; past EXACT_LIMIT it is PostgreSQL's estimate.
    """

    list_count: ListCount | None = None

    @property
    def django_paginator_class(self):
        if self.list_count is None:
            return KeysFirstPaginator
        return partial(CountedKeysPaginator, count=self.list_count)

    def paginate_queryset(self, queryset, request, view=None):
        counter = getattr(view, "count_list", None)
        self.list_count = counter(queryset) if counter else None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        exact = self.list_count.exact if self.list_count else True
        # A search pages through its best matches only; count says how many match.
        count = self.list_count.n if self.list_count else response.data["count"]
        rest = {key: value for key, value in response.data.items() if key != "count"}
        response.data = {"count": count, "count_exact": exact, **rest}
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "false when count is an estimate (lists longer than 10,000)",
        }
        return paginated
