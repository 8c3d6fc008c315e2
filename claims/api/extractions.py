"""Extraction jobs: follow the search for candidate claims in a source, retry a failed one."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import JOB_NOT_FAILED, DeskAPIMixin
from claims.jobs.control import retry_job
from claims.jobs.models import ExtractionJob


class ExtractionJobSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="Share of candidates stored, 0 to 1.")

    class Meta:
        model = ExtractionJob
        fields = [
            "id",
            "source",
            "status",
            "total",
            "done",
            "created",
            "progress",
            "error",
            "attempt",
            "worker",
            "created_at",
            "started_at",
            "heartbeat_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_progress(self, job: ExtractionJob) -> float | None:
        if job.status == ExtractionJob.Status.DONE:
            return 1.0
        if not job.total:
            return None
        return round(min(job.done / job.total, 1.0), 4)


class ExtractionJobViewSet(
    DeskAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Searches for candidate claims in sources, newest first: any member may follow them."""

    serializer_class = ExtractionJobSerializer
    filterset_fields = ["status", "source"]

    def get_queryset(self) -> QuerySet[ExtractionJob]:
        return ExtractionJob.objects.order_by("-created_at", "-id")

    @extend_schema(request=None, responses={202: ExtractionJobSerializer, 409: JOB_NOT_FAILED})
    @action(detail=True, methods=["post"], url_name="retry", filterset_fields=[])
    def retry(self, request: Request, pk: str) -> Response:
        """Run a failed extraction again (409 when it has not failed; analysts only)."""
        job = retry_job(ExtractionJob, self.get_object().pk, actor=request.user)
        job.refresh_from_db()
        body = ExtractionJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED)
