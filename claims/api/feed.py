"""The public ClaimReview feed: approved verdicts only, for anyone, cached and paginated."""

import hashlib
import json

from django.core.cache import cache
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import DeskSchema
from claims.links import site_url
from claims.models import Claim
from claims.publishing.claimreview import claimreview_rows

FEED_CACHE_SECONDS = 60

_THING = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {"@type": {"type": "string"}, "name": {"type": "string"}},
}
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "description": "A schema.org ClaimReview (JSON-LD).",
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "itemReviewed",
        "author",
        "reviewRating",
        "datePublished",
    ],
    "properties": {
        "@context": {"type": "string", "example": "https://schema.org"},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date-time"},
        "dateModified": {"type": "string", "format": "date-time"},
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "appearance"],
            "properties": {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": _THING,
                "datePublished": {"type": "string", "format": "date"},
                "appearance": {
                    "type": "object",
                    "required": ["@type", "headline"],
                    "properties": {
                        "@type": {"type": "string"},
                        "headline": {"type": "string"},
                        "url": {"type": "string"},
                        "datePublished": {"type": "string", "format": "date"},
                    },
                },
            },
        },
        "author": {
            "type": "object",
            "required": ["@type", "name", "url"],
            "properties": {
                "@type": {"type": "string"},
                "name": {"type": "string"},
                "url": {"type": "string"},
            },
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"type": "string", "enum": ["Rating"]},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                "bestRating": {"type": "integer", "enum": [5]},
                "worstRating": {"type": "integer", "enum": [1]},
                "alternateName": {"type": "string"},
            },
        },
        "correction": {
            "type": "object",
            "required": ["@type", "text"],
            "properties": {"@type": {"type": "string"}, "text": {"type": "string"}},
        },
    },
}


class ClaimReviewSerializer(serializers.BaseSerializer):
    def to_representation(self, text: str) -> dict:
        return json.loads(text)  # written by the database, as in the export


class ClaimReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Approved verdicts as schema.org ClaimReview, newest first; no sign-in needed."""

    authentication_classes: list = []  # public and cacheable: the same answer for everyone
    permission_classes = [permissions.AllowAny]
    serializer_class = ClaimReviewSerializer
    schema = DeskSchema()
    filter_backends: list = []

    def get_queryset(self):
        claims = Claim.objects.published().order_by("-approved_at", "-id")
        return claimreview_rows(claims, site_url(self.request))

    @extend_schema(responses={200: CLAIMREVIEW_SCHEMA})
    def list(self, request: Request) -> Response:
        """List approved claims as ClaimReview JSON-LD (cached for a minute)."""
        key = self._cache_key(request)
        if key is None:  # a page number that is no number: the paginator says so (404)
            return super().list(request)
        data = cache.get(key)
        if data is None:
            response = super().list(request)
            cache.set(key, response.data, FEED_CACHE_SECONDS)
        else:
            response = Response(data)
        patch_cache_control(response, public=True, max_age=FEED_CACHE_SECONDS)
        return response

    def _cache_key(self, request: Request) -> str | None:
        """Return the cache key of the page asked for, from its parsed number and size.

        `?page_size=025`, `?page_size=25` and `?page_size=999` (read as 200) are the same
        pages, so they share one entry; raw strings would make a miss of each spelling.
        Links name the host asked unless SITE_URL is set: one entry per host, hashed.
        """
        paginator = self.paginator
        size = paginator.get_page_size(request)
        number = request.query_params.get(paginator.page_query_param, "1")
        if number not in paginator.last_page_strings:
            try:
                number = str(int(number))
            except ValueError:
                return None
        host = hashlib.sha256(site_url(request).encode()).hexdigest()[:16]
        return f"claimreview-feed:{host}:{number}:{size}"

    @extend_schema(responses={200: CLAIMREVIEW_SCHEMA})
    def retrieve(self, request: Request, pk: str) -> Response:
        """Show one approved claim as ClaimReview JSON-LD."""
        return super().retrieve(request, pk=pk)
