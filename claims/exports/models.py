"""An export job: a filtered claim set written to a file by a Celery task, with progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.jobs.models import BackgroundJob


class ExportJob(BackgroundJob):
    """One export of claims to a file under MEDIA_ROOT/exports/, run by `run_export`."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSONL = "jsonl", "JSON Lines"
        CLAIMREVIEW = "claimreview", "ClaimReview JSON-LD"

    format = models.CharField(max_length=20, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True, help_text="Claim list filters.")
    total = models.PositiveIntegerField(null=True, blank=True)
    written = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=300, blank=True, help_text="Path under MEDIA_ROOT.")
    error = models.TextField(blank=True)
    # Where absolute links in the file point: SITE_URL when set, else the asking request's host.
    site_url = models.CharField(max_length=300, blank=True, default="", db_default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="export_jobs",
    )

    class Meta:
        app_label = "claims"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=["csv", "jsonl", "claimreview"]),
                name="exportjob_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="exportjob_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"export #{self.pk} {self.format} {self.status}"

    def filters_text(self) -> str:
        """Return the filters as one line: "status=approved,in_review; tag=CAR"."""
        return "; ".join(
            f"{key}={','.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in sorted((self.filters or {}).items())
        )
