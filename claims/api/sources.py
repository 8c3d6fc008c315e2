"""Outlets, sources and their passages."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import DeskAPIMixin, IsDeskMember
from claims.speakers import correct_speaker
from claims.workflow.sources import (
    REASON_LENGTH,
    SOURCE_FIELDS,
    archive_source,
    edit_source,
    grade_outlet,
    remove_source,
    unarchive_source,
)
from sources.importing import ImportProblem, import_text
from sources.models import Outlet, OutletGrade, Passage, Source


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "homepage", "country", "reliability", "reliability_note"]
        # The grade changes only through `grade/`, which keeps its history.
        read_only_fields = ["reliability", "reliability_note"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Named, not silently dropped: a client sending a grade learns where it goes.
        for name in ("reliability", "reliability_note"):
            if name in self.initial_data:
                raise serializers.ValidationError(
                    {name: ["Set the grade with POST outlets/{id}/grade/ and a reason."]}
                )
        return attrs


class OutletGradeSerializer(serializers.ModelSerializer):
    set_by = serializers.CharField(source="set_by.username", read_only=True, default=None)

    class Meta:
        model = OutletGrade
        fields = ["id", "previous", "grade", "reason", "set_by", "set_at"]
        read_only_fields = fields


class GradeRequestSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Outlet.Reliability.choices)
    reason = serializers.CharField(max_length=REASON_LENGTH)


class SourceSerializer(serializers.ModelSerializer):
    outlet_name = serializers.CharField(
        source="outlet.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "url",
            "archive_url",
            "outlet",
            "outlet_name",
            "authors",
            "published_at",
            "accessed_at",
            "language",
            "kind",
            "sha256",
            "created_at",
            "archived_at",
        ]
        read_only_fields = ["sha256", "created_at", "archived_at"]


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]
        # Claims are anchored by offsets into the text, and its sha256 identifies it: the text
        # of a stored source never changes (a new version is imported as a new source).
        read_only_fields = [*SourceSerializer.Meta.read_only_fields, "text"]


class SourceCreateSerializer(SourceSerializer):
    """A new source; with `text`, its passages are cut and a text already held is reused."""

    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]
        extra_kwargs = {"title": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("text", "").strip() and not attrs.get("title", "").strip():
            raise serializers.ValidationError({"title": ["Give a title, or the text itself."]})
        return attrs


class PassageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Passage
        fields = ["id", "position", "start", "end", "role", "speaker"]


class PassageSpeakerSerializer(serializers.Serializer):
    """The corrected speaker; `correct_speaker` decides what it may be."""

    speaker = serializers.CharField(allow_blank=True, trim_whitespace=False)


class DeskModelPermissions(DjangoModelPermissions):
    """Writes need the model permission of the member's role (analysts add and change)."""


class OutletViewSet(DeskAPIMixin, viewsets.ModelViewSet):
    """Publishers and their reliability grade (Admiralty A-F)."""

    queryset = Outlet.objects.order_by("name", "id")
    serializer_class = OutletSerializer
    permission_classes = [IsDeskMember, DeskModelPermissions]
    filterset_fields = ["reliability", "country"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=GradeRequestSerializer, responses=OutletGradeSerializer, filters=False)
    @action(
        detail=True,
        methods=["post"],
        serializer_class=GradeRequestSerializer,
        permission_classes=[IsDeskMember],  # grade_outlet says who may
        filterset_fields=[],
    )
    def grade(self, request: Request, pk: str | None = None) -> Response:
        """Set the outlet's reliability grade (A-F) with a short reason (reviewers)."""
        outlet = self.get_object()
        serializer = GradeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = grade_outlet(outlet, actor=request.user, **serializer.validated_data)
        return Response(OutletGradeSerializer(entry).data)

    @extend_schema(responses=OutletGradeSerializer(many=True), filters=False)
    @action(
        detail=True,
        methods=["get"],
        serializer_class=OutletGradeSerializer,
        filterset_fields=[],
    )
    def grades(self, request: Request, pk: str | None = None) -> Response:
        """List the outlet's grades, newest first, each with its reason and who set it."""
        outlet = self.get_object()
        entries = OutletGrade.objects.filter(outlet=outlet).select_related("set_by")
        page = self.paginate_queryset(entries.order_by("-set_at", "-id"))
        return self.get_paginated_response(OutletGradeSerializer(page, many=True).data)


class SourceViewSet(DeskAPIMixin, viewsets.ModelViewSet):
    """Texts on the desk: the ones under check and the ones cited as evidence."""

    queryset = Source.objects.select_related("outlet").order_by("-created_at", "-id")
    permission_classes = [IsDeskMember, DeskModelPermissions]
    filterset_fields = ["kind", "outlet", "language"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "create":
            return SourceCreateSerializer
        if self.action == "list":
            return SourceSerializer
        return SourceDetailSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        # Archived sources are left out of the list unless asked for (?archived=true).
        archived = self.request.query_params.get("archived", "").lower() in {"1", "true"}
        return queryset.defer("text").filter(archived_at__isnull=not archived)

    @extend_schema(
        parameters=[
            OpenApiParameter("archived", bool, description="List the archived sources instead.")
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """List the sources, newest first; archived ones only with `archived=true`."""
        return super().list(request, *args, **kwargs)

    def perform_update(self, serializer: serializers.Serializer) -> None:
        """Edit the source's details through `edit_source`, which records an `edit` event."""
        data = {k: v for k, v in serializer.validated_data.items() if k in SOURCE_FIELDS}
        serializer.instance = edit_source(serializer.instance, actor=self.request.user, **data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Remove a source holding only candidates (they go with it); else 400: archive it."""
        remove_source(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=SourceSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_fields=[])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Archive the source: hidden from the lists, its claims untouched."""
        source = archive_source(self.get_object(), actor=request.user)
        return Response(SourceSerializer(source, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=SourceSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_fields=[])
    def unarchive(self, request: Request, pk: str | None = None) -> Response:
        """Bring an archived source back into the lists."""
        source = unarchive_source(self.get_object(), actor=request.user)
        return Response(SourceSerializer(source, context=self.get_serializer_context()).data)

    @extend_schema(responses={201: SourceDetailSerializer, 200: SourceDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a source; a text already on the desk returns the stored source with 200."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        text = data.pop("text", "")
        if not text.strip():
            source = Source.objects.create(created_by=request.user, **data)
            created = True
        else:
            try:
                result = import_text(
                    text,
                    title=data.get("title", ""),
                    outlet=data.get("outlet"),
                    url=data.get("url", ""),
                    published_at=data.get("published_at"),
                    language=data.get("language", "en"),
                    kind=data.get("kind", Source.Kind.ARTICLE),
                    created_by=request.user,
                )
            except ImportProblem as exc:
                raise serializers.ValidationError({"text": [str(exc)]}) from None
            source, created = result.source, result.created
        body = SourceDetailSerializer(source, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(responses=PassageSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], serializer_class=PassageSerializer, filterset_fields=[])
    def passages(self, request: Request, pk: str | None = None) -> Response:
        """List the passages of a source in text order, with their speaker and role."""
        source = self.get_object()
        queryset = Passage.objects.filter(source=source).order_by("position")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(PassageSerializer(page, many=True).data)

    @extend_schema(
        # The whole body is the correction, so `speaker` is required even on PATCH.
        request={
            "application/json": {
                "type": "object",
                "properties": {
                    "speaker": {"type": "string", "description": "Trimmed, 1 to 200 characters."}
                },
                "required": ["speaker"],
            }
        },
        responses=PassageSerializer,
        parameters=[OpenApiParameter("passage_id", int, OpenApiParameter.PATH)],
        filters=False,
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"passages/(?P<passage_id>[0-9]+)",
        serializer_class=PassageSpeakerSerializer,
        permission_classes=[IsDeskMember],  # correct_speaker says who may
        filterset_fields=[],
    )
    def passage(self, request: Request, pk: str | None = None, passage_id: str = "") -> Response:
        """Correct a passage's speaker; its draft claims with the old speaker follow."""
        source = self.get_object()
        passage = get_object_or_404(Passage, source=source, pk=passage_id)
        serializer = PassageSpeakerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correct_speaker(passage, actor=request.user, speaker=serializer.validated_data["speaker"])
        return Response(PassageSerializer(passage).data)
