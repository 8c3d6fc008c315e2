"""Export jobs: start one, follow its progress, download the file when it is done."""

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import JOB_NOT_FAILED, DeskAPIMixin
from claims.exports.jobs import download_response, jobs_of, start_export
from claims.exports.models import ExportJob
from claims.exports.writers import CONTENT_TYPES
from claims.jobs.control import retry_job
from claims.links import site_url


class ExportJobSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="Share written, 0 to 1.")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "format",
            "filters",
            "status",
            "total",
            "written",
            "progress",
            "error",
            "attempt",
            "worker",
            "download_url",
            "created_at",
            "started_at",
            "heartbeat_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_progress(self, job: ExportJob) -> float | None:
        if job.status == ExportJob.Status.DONE:
            return 1.0
        if not job.total:
            return None
        return round(min(job.written / job.total, 1.0), 4)

    def get_download_url(self, job: ExportJob) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        url = reverse("api:export-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=ExportJob.Format.choices)
    filters = serializers.DictField(
        required=False,
        default=dict,
        help_text="Claim list filters: status, kind, rating, speaker, source, assignee, tag, q.",
    )


class ExportJobViewSet(
    DeskAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your export jobs: CSV, JSON Lines or ClaimReview files of a filtered claim set."""

    serializer_class = ExportJobSerializer
    filterset_fields = ["status", "format"]

    def get_queryset(self) -> QuerySet[ExportJob]:
        if getattr(self, "swagger_fake_view", False):
            return ExportJob.objects.none()
        return jobs_of(self.request.user)

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer})
    def create(self, request: Request) -> Response:
        """Start an export job in the background and return it; follow it with GET."""
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = start_export(
            request.user, data["format"], data["filters"], site_url=site_url(request)
        )
        job.refresh_from_db()
        body = ExportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, content_type): OpenApiTypes.BINARY for content_type in CONTENT_TYPES.values()
        },
        filters=False,
    )
    @action(detail=True, methods=["get"], url_name="download", filterset_fields=[])
    def download(self, request: Request, pk: str) -> FileResponse:
        """Download the file of a finished export."""
        return download_response(self.get_object())

    @extend_schema(request=None, responses={202: ExportJobSerializer, 409: JOB_NOT_FAILED})
    @action(detail=True, methods=["post"], url_name="retry", filterset_fields=[])
    def retry(self, request: Request, pk: str) -> Response:
        """Run a failed export again (409 when it has not failed)."""
        job = retry_job(ExportJob, self.get_object().pk, actor=request.user)
        job.refresh_from_db()
        body = ExportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED)
