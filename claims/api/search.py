"""Search: claims, the passages of source texts, and evidence, ranked (claims.search)."""

from functools import partial
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import DeskAPIMixin
from claims.api.pagination import CountedPagination
from claims.counting import CountedPaginator, ListCount
from claims.search.query import MAX_QUERY_CHARS
from claims.search.searching import (
    CLAIM_FILTERS,
    DEFAULT_TYPE,
    TYPES,
    Result,
    Search,
    SearchProblem,
    search,
)

# Present only on the results they describe.
OPTIONAL = {"status", "rating", "claim", "passage", "offset"}


class SearchResultSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TYPES)
    id = serializers.IntegerField(help_text="The claim's, source's or evidence link's id.")
    title = serializers.CharField(help_text="The quote of a claim; the source's title otherwise.")
    snippet = serializers.CharField(
        help_text="HTML: the best-matching words of the text, escaped, the matched words in <mark>."
    )
    score = serializers.FloatField(
        help_text="0 to 1: the share of the query's words (and figure) matched, plus a "
        "fraction for how densely (ts_rank); results come best first."
    )
    url = serializers.CharField(
        help_text="The page of the result: the claim, the reader at the passage, or the "
        "claim the evidence is linked to."
    )
    status = serializers.CharField(required=False, help_text="Claims: the claim's status.")
    rating = serializers.CharField(
        required=False, allow_blank=True, help_text="Claims: the rating, blank until rated."
    )
    claim = serializers.IntegerField(required=False, help_text="Evidence: its claim's id.")
    passage = serializers.IntegerField(required=False, help_text="Source texts: the passage.")
    offset = serializers.IntegerField(
        required=False, help_text="Source texts: where the passage starts in the text."
    )

    def to_representation(self, result: Result) -> dict[str, Any]:
        data = super().to_representation(result)
        request = self.context.get("request")
        if request is not None:
            data["url"] = request.build_absolute_uri(result.url)
        return {k: v for k, v in data.items() if k not in OPTIONAL or v is not None}


_FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        str,
        description=f"Claim results only: the claim list's `{name}` filter (see `claims/`).",
        many=name in ("status", "rating"),
    )
    for name in CLAIM_FILTERS
]


class RankedPagination(CountedPagination):
    """Pages of search results: a few thousand candidates at most, read with OFFSET."""

    @property
    def django_paginator_class(self):
        return partial(CountedPaginator, count=self.list_count)


class SearchViewSet(DeskAPIMixin, viewsets.GenericViewSet):
    """Search the desk: claims, source texts passage by passage, or evidence links."""

    serializer_class = SearchResultSerializer
    pagination_class = RankedPagination
    filter_backends: list = []  # the search applies the claim list's filters itself
    found: Search | None = None

    def get_queryset(self) -> QuerySet:  # the rows come from the search, never from here
        raise NotImplementedError

    def count_list(self, queryset: QuerySet) -> ListCount | None:
        """Count the results as the search counted them (up to a limit, estimated beyond)."""
        return self.found.count if self.found else None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description=f'Words, names or a figure ("1000 militants"); at most '
                f"{MAX_QUERY_CHARS} characters.",
            ),
            OpenApiParameter(
                "type",
                str,
                enum=[value for value, _ in TYPES],
                description=f"What to search: claims (default: `{DEFAULT_TYPE}`), source texts "
                "(one result a passage) or evidence links.",
            ),
            *_FILTER_PARAMETERS,
        ],
        responses=SearchResultSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        """Return the results best first, paginated; claim results take the claim filters."""
        try:
            self.found = search(request.user, request.query_params)
        except SearchProblem as problem:
            raise ValidationError(problem.errors) from None
        page = self.paginate_queryset(self.found.rows)
        results = self.found.results(page)
        data = SearchResultSerializer(results, many=True, context={"request": request}).data
        return self.get_paginated_response(data)
