"""Start an export job and run it: the one path used by the API and the Celery task."""

import os
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone

from claims.exports.models import ExportJob
from claims.exports.writers import CONTENT_TYPES, EXTENSIONS, export_queryset, write_export
from claims.jobs.control import begin_run
from claims.jobs.lease import Lease, hold


def export_dir() -> Path:
    """Return the directory export files are written to (created on demand)."""
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def jobs_of(user: AbstractBaseUser) -> QuerySet[ExportJob]:
    """Return the export jobs this user may follow and download: their own (admins: all)."""
    jobs = ExportJob.objects.order_by("-created_at", "-id")
    return jobs if user.is_superuser else jobs.filter(created_by=user)


def download_response(job: ExportJob) -> FileResponse:
    """Return the file of a finished export as a download; 404 while there is none."""
    path = Path(settings.MEDIA_ROOT) / job.file if job.file else None
    if job.status != ExportJob.Status.DONE or path is None or not path.is_file():
        raise Http404("This export has no file yet.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=path.name,
        content_type=CONTENT_TYPES[job.format],
    )


def start_export(
    user: AbstractBaseUser, fmt: str, filters: dict[str, Any], *, site_url: str = ""
) -> ExportJob:
    """Check the request, record an export job and queue it once the record is committed.

    `site_url` is where the desk was reached (`claims.links.site_url(request)`): the file's
    absolute links start with it.
    """
    from claims.exports.tasks import run_export

    export_queryset(fmt, filters, user)  # raises ExportProblem on bad input, before any write
    with transaction.atomic():
        job = ExportJob.objects.create(
            format=fmt,
            filters=filters or {},
            created_by=user,
            site_url=site_url,
            heartbeat_at=timezone.now(),
        )
        transaction.on_commit(partial(run_export.delay, job.pk, job.attempt), robust=True)
    return job


def remove_partial_files(job_id: int) -> None:
    """Remove what runs of this job left half-written (a killed run cannot clean up)."""
    for leftover in export_dir().glob(f"claims-{job_id}.*.part"):
        leftover.unlink(missing_ok=True)


def run_job(job_id: int, attempt: int | None = None) -> ExportJob | None:
    """Write the job's file, reporting progress; a finished job is left as it is.

    Returns None when this delivery runs nothing: another run holds the job, or the
    delivery is a leftover of an attempt since re-queued (see `claims.jobs.control`).
    """
    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        return None
    if job.status == ExportJob.Status.DONE and (Path(settings.MEDIA_ROOT) / job.file).is_file():
        return job
    with hold(ExportJob, job_id, wait=settings.JOB_LEASE_WAIT) as lease:
        if lease is None or begin_run(ExportJob, job_id, attempt) is None:
            return None
        return _write(ExportJob.objects.select_related("created_by").get(pk=job_id), lease)


def _write(job: ExportJob, lease: Lease) -> ExportJob:
    name = f"claims-{job.pk}.{EXTENSIONS[job.format]}"
    final = export_dir() / name
    remove_partial_files(job.pk)  # this run holds the job: any partial file is a dead run's
    partial_file: Path | None = None
    try:
        user = job.created_by
        if user is None:
            raise PermissionError("the member who asked for this export no longer exists")
        # Each run writes its own temporary file, so a job delivered twice never interleaves.
        handle, partial_name = tempfile.mkstemp(dir=final.parent, prefix=f"{name}.", suffix=".part")
        partial_file = Path(partial_name)
        queryset = export_queryset(job.format, job.filters, user)
        job.total, job.written = queryset.count(), 0
        job.save(update_fields=["total", "written"])
        with open(handle, "wb") as out:
            written = write_export(
                job.format, queryset, out, lambda n: lease.report(written=n), base_url=job.site_url
            )
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
