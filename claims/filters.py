"""Which claims a list shows: one filter for the pages, the API and the exports."""

import django_filters
from django.db.models import Q, QuerySet

from claims.models import Claim

ORDERING_FIELDS = ["id", "created_at", "updated_at", "submitted_at", "approved_at", "start"]


class ClaimFilter(django_filters.FilterSet):
    """Narrow claims by status, kind, rating, speaker, source, assignee, tag and free text."""

    status = django_filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    kind = django_filters.ChoiceFilter(
        choices=Claim.Kind.choices, method="filter_kind", label="Kind"
    )
    rating = django_filters.MultipleChoiceFilter(choices=Claim.Rating.choices)
    speaker = django_filters.CharFilter(lookup_expr="icontains")
    source = django_filters.NumberFilter(field_name="source_id", min_value=1)
    assignee = django_filters.NumberFilter(field_name="assignee_id", min_value=1)
    tag = django_filters.CharFilter(method="filter_tag", label="Tag")
    q = django_filters.CharFilter(
        method="filter_text", label="Text in quote, statement or rationale"
    )
    ordering = django_filters.OrderingFilter(fields=ORDERING_FIELDS)

    class Meta:
        model = Claim
        fields = ["status", "kind", "rating", "speaker", "source", "assignee", "tag", "q"]

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
