"""Start an export job and run it: the one path used by the API and the Celery task."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone

from claims.exports.models import ExportJob
from claims.exports.writers import (
    CONTENT_TYPES,
    EXTENSIONS,
    Progress,
    export_queryset,
    write_export,
)


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
            format=fmt, filters=filters or {}, created_by=user, site_url=site_url
        )
        transaction.on_commit(partial(run_export.delay, job.pk), robust=True)
    return job


@contextmanager
def progress_recorder(job_id: int) -> Iterator[Progress]:
    """Yield a callback that records how many rows a job has written, on a connection of its own.

    The writers report progress while COPY holds the connection the rows come from: an
    UPDATE there would wait for COPY to end, and COPY waits for the writer, forever. Nor does
    the update wait for a lock on the job row held elsewhere: it skips that report instead.
    """
    alias = router.db_for_write(ExportJob)
    connection = connections.create_connection(alias)  # connects on first use
    meta, quote = ExportJob._meta, connection.ops.quote_name
    table, key = quote(meta.db_table), quote(meta.pk.column)
    written = quote(meta.get_field("written").column)
    sql = (
        f"UPDATE {table} SET {written} = %s WHERE {key} = "
        f"(SELECT {key} FROM {table} WHERE {key} = %s FOR UPDATE SKIP LOCKED)"
    )

    def record(count: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [count, job_id])

    try:
        yield record
    finally:
        connection.close()


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

        # Each run writes its own temporary file, so a job delivered twice never interleaves.
        handle, partial_name = tempfile.mkstemp(dir=final.parent, prefix=f"{name}.", suffix=".part")
        partial_file = Path(partial_name)
        with open(handle, "wb") as out, progress_recorder(job.pk) as progress:
            written = write_export(job.format, queryset, out, progress, base_url=job.site_url)
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
