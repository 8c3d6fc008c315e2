"""Claims: list with filters, record, edit, the audit trail and workflow transitions."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.access import claims_visible_to, get_claim_for
from claims.api.base import DeskAPIMixin, DeskModelSerializer
from claims.api.bulk import BulkActionsMixin
from claims.api.pagination import CountedPagination
from claims.api.similar import LinkedIdsField, SimilarActionsMixin
from claims.counting import ListCount, count_claims
from claims.filters import ClaimFilter
from claims.models import Claim, ClaimEvent
from claims.workflow import (
    ACTIONS,
    EDITABLE_FIELDS,
    allowed_actions,
    apply_action,
    move_claim,
    record_claim,
    update_claim,
)

CLAIM_FIELDS = [
    "id",
    "source",
    "passage",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "kinds",
    "speaker",
    "statement",
    "origin",
    "status",
    "rating",
    "rationale",
    "correction_note",
    "tags",
    "quantity_text",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "attributed_to",
    "attribution_verb",
    "attributed_content",
    "attribution_status",
    "assignee",
    "created_by",
    "submitted_by",
    "reviewed_by",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
    "approved_at",
    "version",
]


class ClaimSerializer(DeskModelSerializer):
    rating = serializers.ChoiceField(
        choices=Claim.Rating.choices,
        allow_blank=True,
        read_only=True,
        help_text="Blank until rated.",
    )

    class Meta:
        model = Claim
        fields = CLAIM_FIELDS
        read_only_fields = CLAIM_FIELDS


class ClaimDetailSerializer(ClaimSerializer):
    allowed_actions = serializers.SerializerMethodField()
    same_as = LinkedIdsField("earlier", help_text="Earlier claims this one was linked to.")
    repeated_by = LinkedIdsField("later", help_text="Later claims linked to this one.")

    class Meta(ClaimSerializer.Meta):
        fields = [*CLAIM_FIELDS, "allowed_actions", "same_as", "repeated_by"]

    def get_allowed_actions(self, claim: Claim) -> list[str]:
        return allowed_actions(claim, self.context["request"].user)


class ClaimWriteSerializer(DeskModelSerializer):
    """The content an analyst may set: the workflow checks and saves it."""

    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Claim.Kind.choices), allow_empty=False
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=50
    )

    class Meta:
        model = Claim
        fields = ["source", "start", "end", *sorted(EDITABLE_FIELDS)]
        validators = []  # the workflow owns every rule about spans and duplicates
        extra_kwargs = {"speaker": {"required": False}}


class ClaimCreateSerializer(ClaimWriteSerializer):
    pass


class ClaimUpdateSerializer(ClaimWriteSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True, required=False
    )

    class Meta(ClaimWriteSerializer.Meta):
        fields = ["version", "assignee", *sorted(EDITABLE_FIELDS)]
        extra_kwargs = {name: {"required": False} for name in EDITABLE_FIELDS}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:
            raise serializers.ValidationError({"version": ["This field is required."]})
        for name in ("start", "end"):
            if name in self.initial_data:
                raise serializers.ValidationError(
                    {name: ["Move or trim a claim's span with POST claims/{id}/move/."]}
                )
        return attrs


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(ACTIONS))
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    rating = serializers.ChoiceField(choices=Claim.Rating.choices, required=False)
    rationale = serializers.CharField(required=False, allow_blank=True)


class MoveSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    start = serializers.IntegerField(min_value=0, help_text="New first character of the span.")
    end = serializers.IntegerField(min_value=1, help_text="New character after the span.")


class ClaimEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "actor",
            "created_at",
            "action",
            "from_status",
            "to_status",
            "comment",
            "changes",
        ]


@extend_schema_view(
    same_as=extend_schema(responses={201: ClaimDetailSerializer}),
    unlink_same=extend_schema(responses={200: ClaimDetailSerializer}),
)
class ClaimViewSet(
    DeskAPIMixin,
    SimilarActionsMixin,
    BulkActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Claims anchored in sources; every change goes through the verdict workflow."""

    filterset_class = ClaimFilter
    pagination_class = CountedPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    versioned_writes = True

    def get_queryset(self) -> QuerySet[Claim]:
        # Newest first by default: the primary key order, which pages walk fastest.
        return claims_visible_to(self.request.user).order_by("-id")

    def count_list(self, queryset: QuerySet[Claim]) -> ListCount | None:
        """Count the filtered list from the tallies, or up to a limit and estimated beyond."""
        if self.action != "list":
            return None  # the events of one claim are counted as they are
        filters = ClaimFilter(self.request.query_params, queryset=self.get_queryset())
        return count_claims(filters, queryset)

    def get_object(self) -> Claim:
        claim = get_claim_for(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, claim)
        return claim

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return {
            "list": ClaimSerializer,
            "create": ClaimCreateSerializer,
            "partial_update": ClaimUpdateSerializer,
            "transition": TransitionSerializer,
            "move": MoveSerializer,
            "events": ClaimEventSerializer,
        }.get(self.action, ClaimDetailSerializer)

    def _detail(self, claim: Claim, code: int = status.HTTP_200_OK) -> Response:
        claim = get_claim_for(self.request.user, claim.pk)
        context = self.get_serializer_context()
        return Response(ClaimDetailSerializer(claim, context=context).data, status=code)

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimDetailSerializer})
    def create(self, request: Request) -> Response:
        """Record a claim marked in a source's text (analysts); it starts open."""
        serializer = ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        claim = record_claim(fields.pop("source"), actor=request.user, **fields)
        return self._detail(claim, status.HTTP_201_CREATED)

    @extend_schema(request=ClaimUpdateSerializer, responses={200: ClaimDetailSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        """Edit a claim's content, verdict draft or assignee, given the version you read."""
        claim = self.get_object()
        serializer = ClaimUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        claim = update_claim(claim.pk, actor=request.user, version=version, **fields)
        return self._detail(claim)

    @extend_schema(request=TransitionSerializer, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Take a workflow action (accept, start, submit, approve, ...) on the claim."""
        claim = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = apply_action(
            claim.pk,
            data["action"],
            actor=request.user,
            version=data["version"],
            comment=data.get("comment", ""),
            rating=data.get("rating"),
            rationale=data.get("rationale"),
        )
        return self._detail(claim)

    @extend_schema(request=MoveSerializer, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """Move or trim an open or in-research claim's span; quote and context follow."""
        claim = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = move_claim(
            claim.pk,
            actor=request.user,
            version=data["version"],
            start=data["start"],
            end=data["end"],
        )
        return self._detail(claim)

    @extend_schema(responses=ClaimEventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def events(self, request: Request, pk: str) -> Response:
        """List the claim's audit trail, oldest first."""
        claim = self.get_object()
        events = ClaimEvent.objects.filter(claim=claim).select_related("actor")
        page = self.paginate_queryset(events.order_by("created_at", "id"))
        return self.get_paginated_response(ClaimEventSerializer(page, many=True).data)
