"""What every background job records, and the extraction job."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sources.models import Source


class BackgroundJob(models.Model):
    """A job run by a Celery task: its state, the run it expects, its last sign of life."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    # Each queuing (the first, a sweep's, a retry's) numbers its message; a delivery carrying
    # an older number is a leftover and runs nothing.
    attempt = models.PositiveIntegerField(default=1)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last queued or progress report."
    )
    worker = models.CharField(
        max_length=200, blank=True, help_text="Host and process id of the latest run."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def retryable(self) -> bool:
        """Whether the job failed, so that a retry may run it again."""
        return self.status == self.Status.FAILED


class ExtractionJob(BackgroundJob):
    """One search for candidate claims in a source, run by `extract_candidates`."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="extraction_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="extraction_jobs",
    )
    total = models.PositiveIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "claims"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="extractionjob_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"extraction #{self.pk} of source {self.source_id} {self.status}"
