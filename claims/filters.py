"""Which claims a list shows: one filter for the pages, the review queue, the API and exports.

The filter set is the one definition of every filter's name, choices and meaning: the claim
list renders its form, the review queue renders part of it, the API reads it through
django-filter's backend, and `export_claims` derives its options from it.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from claims.lookups import member_picker, source_picker
from claims.models import Claim

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


class ClaimOrderingFilter(django_filters.OrderingFilter):
    """Sort by one of ORDERINGS, ties broken by id in the same direction; newest first unset."""

    def filter(self, qs: QuerySet[Claim], value: list[str] | None) -> QuerySet[Claim]:
        fields = [self.get_ordering_value(v) for v in value or [] if v]
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


class ClaimFilter(django_filters.FilterSet):
    """Narrow claims by status, kind, rating, speaker, source, assignee, tag and free text."""

    q = django_filters.CharFilter(
        method="filter_text",
        label="Text",
        help_text="text in the quote, statement or rationale",
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

    def filter_text(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(quote__icontains=value)
            | Q(statement__icontains=value)
            | Q(rationale__icontains=value)
        )


def claim_filter_names() -> list[str]:
    """Return the names of the filters (sorting aside) in the order the page shows them."""
    return [name for name in ClaimFilter.base_filters if name != "ordering"]
