"""Checked before? and same claim: the claim endpoints that suggest and link earlier claims.

`claims/{id}/similar/` and `claims/similar/?text=` only read; `claims/{id}/same-as/`
(POST, DELETE) and `claims/{id}/copy-evidence/` go through the workflow's functions, like
the claim page's forms.
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import get_claim_for
from claims.api.evidence import EvidenceSerializer
from claims.models import Claim
from claims.similar import MAX_LIMIT, Match, same_claims, similar_claims, similar_to_text
from claims.workflow import copy_evidence, link_same_claim, unlink_same_claim
from sources.models import Source

MAX_TEXT = 5000


class SimilarSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SimilarClaimSerializer(serializers.Serializer):
    """An earlier claim that may be the same claim."""

    id = serializers.IntegerField()
    quote = serializers.CharField()
    source = SimilarSourceSerializer()
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    rating = serializers.ChoiceField(
        choices=Claim.Rating.choices, allow_blank=True, help_text="Blank until rated."
    )
    score = serializers.FloatField(min_value=0, max_value=1, help_text="How alike, 0 to 1.")
    strength = serializers.ChoiceField(
        choices=["strong", "possible"],
        help_text="`strong`: very likely the same claim; `possible`: worth a look. Short "
        "texts and conflicting figures, places or periods are never `strong`.",
    )
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text='What the claims share or where they differ ("same figure 900–999 '
        'militants", "same place: Bangui", "shared words: ...", "other period: 2023").',
    )
    linked = serializers.BooleanField(help_text="Already linked as the same claim.")
    url = serializers.SerializerMethodField()

    def get_url(self, match: Match) -> str:
        return match.claim.get_absolute_url()


class SimilarListSerializer(serializers.Serializer):
    claim = serializers.IntegerField(allow_null=True, help_text="The claim asked about, if any.")
    results = SimilarClaimSerializer(many=True)


class LimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=5)


class SimilarTextSerializer(LimitSerializer):
    """Words not recorded yet: given as `text`, or as a span of a source."""

    text = serializers.CharField(required=False, max_length=MAX_TEXT)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False)
    start = serializers.IntegerField(min_value=0, required=False)
    end = serializers.IntegerField(min_value=1, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        span = [attrs.get(name) for name in ("source", "start", "end")]
        if any(v is not None for v in span) and any(v is None for v in span):
            raise serializers.ValidationError(
                {"source": ["Give source, start and end together, or none of them."]}
            )
        source, start, end = span
        if source is not None:
            length = source.text_length
            if not start < end <= length:
                raise serializers.ValidationError(
                    {"end": [f"The span must lie inside the text (0..{length}), start first."]}
                )
            if "text" not in attrs:
                attrs["text"] = source.text[start:end]
        if not (attrs.get("text") or "").strip():
            raise serializers.ValidationError({"text": ["Give the text, or a span of a source."]})
        return attrs


class SameClaimSerializer(serializers.Serializer):
    earlier = serializers.IntegerField(min_value=1, help_text="The earlier claim's id.")
    version = serializers.IntegerField(min_value=1, help_text="The version of this claim you read.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version of this claim you read.")


class CopiedEvidenceSerializer(serializers.Serializer):
    copied = EvidenceSerializer(many=True, help_text="The evidence links added to this claim.")
    version = serializers.IntegerField(help_text="The claim's version after the copy.")


@extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
class LinkedIdsField(serializers.Field):
    """The ids of the claims linked to this one as the same claim, one side of the link."""

    def __init__(self, side: str, **kwargs: Any) -> None:
        self.side = side
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, claim: Claim) -> list[int]:
        if not hasattr(claim, "_same_claims"):
            claim._same_claims = same_claims(claim)
        return [c.pk for c in getattr(claim._same_claims, self.side)]


def _results(claim: Claim | None, matches: list[Match]) -> Response:
    listed = {"claim": claim.pk if claim else None, "results": matches}
    return Response(SimilarListSerializer(listed).data)


class SimilarActionsMixin:
    """The claim viewset's "checked before?" and "same claim" endpoints."""

    @extend_schema(parameters=[LimitSerializer], responses=SimilarListSerializer)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def similar(self, request: Request, pk: str) -> Response:
        """List earlier claims that may be the same claim, best first (nothing is written)."""
        claim = self.get_object()
        params = LimitSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        limit = params.validated_data["limit"]
        return _results(claim, similar_claims(claim, user=request.user, limit=limit))

    @extend_schema(
        operation_id="v1_claims_similar_to_text",  # the claim's own `similar` has the path's
        parameters=[
            OpenApiParameter("text", OpenApiTypes.STR, description="The words to match."),
            OpenApiParameter(
                "source",
                OpenApiTypes.INT,
                description="A source's id: with start and end, the span's words (when no "
                "text is given), and claims over that span are left out.",
            ),
            OpenApiParameter("start", OpenApiTypes.INT),
            OpenApiParameter("end", OpenApiTypes.INT),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"1 to {MAX_LIMIT}; 5."),
        ],
        responses=SimilarListSerializer,
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="similar",
        url_name="similar-text",
        filterset_class=None,
        pagination_class=None,
    )
    def similar_text(self, request: Request) -> Response:
        """List claims that may say the same as a text not recorded yet (nothing is written)."""
        params = SimilarTextSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        matches = similar_to_text(
            data["text"],
            user=request.user,
            source=data.get("source"),
            start=data.get("start"),
            end=data.get("end"),
            limit=data["limit"],
        )
        return _results(None, matches)

    # Their responses (the claim) are described where the claim serializer is: claims.api.claims.
    @extend_schema(request=SameClaimSerializer)
    @action(detail=True, methods=["post"], url_path="same-as", url_name="same-as")
    def same_as(self, request: Request, pk: str) -> Response:
        """Link this claim to an earlier one as the same claim (an event on both)."""
        claim = get_claim_for(request.user, pk, write=True)
        body = SameClaimSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        link_same_claim(claim.pk, actor=request.user, **body.validated_data)
        return self._detail(claim, status.HTTP_201_CREATED)

    @extend_schema(parameters=[VersionSerializer])
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"same-as/(?P<earlier>[0-9]+)",
        url_name="same-as-remove",
    )
    def unlink_same(self, request: Request, pk: str, earlier: str) -> Response:
        """Undo a "same claim" link (an event on both); `?version=` the version you read."""
        claim = get_claim_for(request.user, pk, write=True)
        body = VersionSerializer(data=request.query_params)
        body.is_valid(raise_exception=True)
        unlink_same_claim(claim.pk, actor=request.user, earlier=int(earlier), **body.validated_data)
        return self._detail(claim)

    @extend_schema(request=SameClaimSerializer, responses=CopiedEvidenceSerializer)
    @action(detail=True, methods=["post"], url_path="copy-evidence", url_name="copy-evidence")
    def copy_evidence(self, request: Request, pk: str) -> Response:
        """Copy a linked earlier claim's evidence links into this one (never its verdict)."""
        claim = get_claim_for(request.user, pk, write=True)
        body = SameClaimSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        copied = copy_evidence(claim.pk, actor=request.user, **body.validated_data)
        version = Claim.objects.values_list("version", flat=True).get(pk=claim.pk)
        data = {"copied": copied, "version": version}
        return Response(CopiedEvidenceSerializer(data).data)
