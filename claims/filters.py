"""Which claims a list shows: one filter for the pages, the review queue, the API and exports.

The filter set is the one definition of every filter's name, choices and meaning: the claim
list renders its form, the review queue renders part of it, the API reads it through
django-filter's backend, and `export_claims` derives its options from it.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from claims.lookups import member_picker, source_picker
from claims.models import Claim
from claims.search.query import MAX_QUERY_CHARS, PreparedQuery, parse, prepare
from claims.search.ranking import SCORE, facets, rank_claims

# Every order a list may be sorted in (field, label). The page and the API offer the same;
# each has an index so a sort stays cheap however many claims there are.
ORDERINGS = [
    ("created_at", "Recorded"),
    ("updated_at", "Last changed"),
    ("submitted_at", "Submitted"),
    ("approved_at", "Approved"),
    ("start", "Place in the source"),
    ("id", "Number"),
]
DEFAULT_ORDERING = ("-id",)  # newest first, along the primary key
# Filters the search index holds beside the words (claims.search.ranking.facets).
FACETED = ("status", "rating", "kind", "tag")


class ClaimOrderingFilter(django_filters.OrderingFilter):
    """Sort by one of ORDERINGS, ties broken by id in the same direction; newest first unset."""

    def filter(self, qs: QuerySet[Claim], value: list[str] | None) -> QuerySet[Claim]:
        fields = [self.get_ordering_value(v) for v in value or [] if v]
        if not fields and SCORE in qs.query.annotations:
            return qs.order_by(f"-{SCORE}", *DEFAULT_ORDERING)  # searched: best match first
        if not fields:
            return qs.order_by(*DEFAULT_ORDERING)
        tie = "-id" if fields[-1].startswith("-") else "id"
        return qs.order_by(*fields, *([tie] if fields[-1].lstrip("-") != "id" else []))


class ClaimFilterForm(forms.Form):
    """The filter set's form, with pickers that search sources and members as you type."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].widget = source_picker()
        self.fields["assignee"].widget = member_picker()
        for field in self.fields.values():
            # The help texts document the API's parameters ("source id"); the page says it with
            # its labels and pickers, and a help text it does not show must not be pointed at.
            field.help_text = ""


class ClaimFilter(django_filters.FilterSet):
    """Narrow claims by status, kind, rating, speaker, source, assignee, tag and free text."""

    q = django_filters.CharFilter(
        method="filter_text",
        label="Text",
        max_length=MAX_QUERY_CHARS,
        help_text="words, names or a figure, searched as the search page does (best match "
        "first unless sorted otherwise)",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. surrendered"}),
    )
    # No join can repeat a claim, so no DISTINCT (which would sort the whole result).
    status = django_filters.MultipleChoiceFilter(
        choices=Claim.Status.choices,
        distinct=False,
        help_text="claim status, e.g. approved (repeatable)",
    )
    kind = django_filters.ChoiceFilter(
        choices=Claim.Kind.choices,
        method="filter_kind",
        label="Kind",
        empty_label="Any kind",
        help_text="quantitative or attributive",
    )
    rating = django_filters.MultipleChoiceFilter(
        choices=Claim.Rating.choices,
        distinct=False,
        help_text="rating (repeatable)",
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    speaker = django_filters.CharFilter(
        lookup_expr="icontains", help_text="part of the speaker's name (case ignored)"
    )
    source = django_filters.NumberFilter(field_name="source_id", min_value=1, help_text="source id")
    assignee = django_filters.NumberFilter(
        field_name="assignee_id", min_value=1, help_text="assignee's user id"
    )
    tag = django_filters.CharFilter(method="filter_tag", label="Tag", help_text="tag")
    ordering = ClaimOrderingFilter(
        fields=[name for name, _ in ORDERINGS], field_labels=dict(ORDERINGS), label="Sort by"
    )

    class Meta:
        model = Claim
        form = ClaimFilterForm
        fields = ["q", "status", "kind", "rating", "speaker", "source", "assignee", "tag"]

    def filter_kind(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(kinds__contains=[value]) if value else queryset

    def filter_tag(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(tags__contains=[value]) if value else queryset

    # Set by a search (`q`): the query as read, and every claim it matches (what a count
    # counts, where the list itself shows the best RANKED of them).
    search_query: PreparedQuery | None = None
    matches: QuerySet[Claim] | None = None
    counted: QuerySet | None = None  # the matches as counted (in the index when it can)

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        """Apply the filters, then the search among the claims they leave, then the sort."""
        data = self.form.cleaned_data
        last = ("q", "ordering")
        for name in [*(n for n in data if n not in last), *(n for n in last if n in data)]:
            queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def filter_text(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        value = value.strip()
        if not value:
            return queryset
        if self.search_query is None:  # unless given, as read for another list
            self.search_query = prepare(parse(value))
        self._searched = queryset
        ranked = rank_claims(
            queryset, self.search_query, self._facets(), counted_in_index=self._in_index()
        )
        if self.form.cleaned_data.get("ordering"):
            return ranked.matches  # sorted otherwise: every match, in that order
        self.matches, self.counted = ranked.matches, ranked.to_count
        return ranked.rows

    def _in_index(self) -> bool:
        """Whether the search index holds every filter given (then it alone counts)."""
        given = {name for name, value in self.form.cleaned_data.items() if value}
        return not self.queryset.query.where and given <= {*FACETED, "q", "ordering"}

    def _facets(self, **chosen: Any) -> str | None:
        data = self.form.cleaned_data
        given = {name: data.get(name) for name in FACETED}
        return facets(**(given | chosen))


def claim_filter_names() -> list[str]:
    """Return the names of the filters (sorting aside) in the order the page shows them."""
    return [name for name in ClaimFilter.base_filters if name != "ordering"]
