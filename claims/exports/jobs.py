"""Start an export job and run it: the one path used by the API and the Celery task."""

import os
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.exports.models import ExportJob
from claims.exports.writers import EXTENSIONS, export_queryset, write_export


def export_dir() -> Path:
    """Return the directory export files are written to (created on demand)."""
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_export(user: AbstractBaseUser, fmt: str, filters: dict[str, Any]) -> ExportJob:
    """Check the request, record an export job and queue it once the record is committed."""
    from claims.exports.tasks import run_export

    export_queryset(fmt, filters, user)  # raises ExportProblem on bad input, before any write
    with transaction.atomic():
        job = ExportJob.objects.create(format=fmt, filters=filters or {}, created_by=user)
        transaction.on_commit(partial(run_export.delay, job.pk), robust=True)
    return job


def run_job(job_id: int) -> ExportJob:
    """Write the job's file, reporting progress; a finished job is left as it is."""
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status == ExportJob.Status.DONE and (Path(settings.MEDIA_ROOT) / job.file).is_file():
        return job
    name = f"claims-{job.pk}.{EXTENSIONS[job.format]}"
    final = export_dir() / name
    partial_file: Path | None = None
    try:
        user = job.created_by
        if user is None:
            raise PermissionError("the member who asked for this export no longer exists")
        queryset = export_queryset(job.format, job.filters, user)
        job.total = queryset.count()
        job.status, job.started_at = ExportJob.Status.RUNNING, timezone.now()
        job.written, job.error = 0, ""
        job.save(update_fields=["total", "status", "started_at", "written", "error"])

        def progress(count: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(written=count)

        # Each run writes its own temporary file, so a job delivered twice never interleaves.
        handle, partial_name = tempfile.mkstemp(dir=final.parent, prefix=f"{name}.", suffix=".part")
        partial_file = Path(partial_name)
        with open(handle, "w", encoding="utf-8", newline="") as out:
            written = write_export(job.format, queryset, out, progress)
        os.replace(partial_file, final)  # a download never sees half a file
    except Exception as exc:
        if partial_file is not None:
            partial_file.unlink(missing_ok=True)
        job.status, job.error, job.finished_at = ExportJob.Status.FAILED, str(exc), timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.status, job.written, job.file = ExportJob.Status.DONE, written, f"exports/{name}"
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "written", "file", "finished_at"])
    return job
