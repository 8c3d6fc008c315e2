"""Filters of the API lists; the claim filter is shared with the pages and exports."""

import django_filters

from claims.filters import ClaimFilter
from claims.models import Evidence

__all__ = ["ClaimFilter", "EvidenceFilter"]


class EvidenceFilter(django_filters.FilterSet):
    claim = django_filters.NumberFilter(field_name="claim_id", min_value=1)
    source = django_filters.NumberFilter(field_name="source_id", min_value=1)
    stance = django_filters.ChoiceFilter(choices=Evidence.Stance.choices)

    class Meta:
        model = Evidence
        fields = ["claim", "source", "stance"]
