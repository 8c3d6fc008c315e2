"""Evidence links between a claim and a source."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import claims_visible_to
from claims.api.base import DeskAPIMixin, DeskModelSerializer
from claims.api.filters import EvidenceFilter
from claims.models import Claim, Evidence
from claims.workflow import add_evidence, remove_evidence
from extraction.figures import RELATIONS
from sources.models import Source


class EvidenceSerializer(DeskModelSerializer):
    source_title = serializers.CharField(source="source.title", read_only=True)
    figure_relation = serializers.ChoiceField(
        choices=RELATIONS,
        source="figure_comparison.relation",
        read_only=True,
        help_text="How the claim's figure stands to the source's: the claim's bounds hold "
        "it (within), overlap it, lie above it (the claim says more) or below it; "
        "not_comparable without bounds on both sides or with different units.",
    )
    figure_ratio = serializers.FloatField(
        source="figure_comparison.ratio",
        read_only=True,
        allow_null=True,
        help_text="The claim's figure over the source's (middles of the bounds).",
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "source",
            "source_title",
            "stance",
            "excerpt",
            "locator",
            "source_figure",
            "figure_low",
            "figure_high",
            "figure_relation",
            "figure_ratio",
            "credibility",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_by", "created_at"]


class EvidenceCreateSerializer(EvidenceSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.none())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["claim"].queryset = claims_visible_to(request.user)


class EvidenceViewSet(
    DeskAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Sources linked to claims with a stance, an excerpt and a credibility (1-6)."""

    filterset_class = EvidenceFilter

    def get_queryset(self) -> QuerySet[Evidence]:
        visible = claims_visible_to(self.request.user)
        return (
            Evidence.objects.filter(claim__in=visible)
            .select_related("source", "claim")
            .order_by("claim_id", "stance", "id")
        )

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return EvidenceCreateSerializer if self.action == "create" else EvidenceSerializer

    @extend_schema(request=EvidenceCreateSerializer, responses={201: EvidenceSerializer})
    def create(self, request: Request) -> Response:
        """Link a source to a claim as evidence (analysts, while the claim is in research)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        evidence = add_evidence(data.pop("claim").pk, actor=request.user, **data)
        evidence = self.get_queryset().get(pk=evidence.pk)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str) -> Response:
        """Unlink a piece of evidence from its claim (analysts, while the claim is in research)."""
        evidence = self.get_object()
        remove_evidence(evidence.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
