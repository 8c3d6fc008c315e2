"""Starting a run, retrying a failed job, and sweeping up jobs whose run died or stalled.

The page, the API and the sweep all retry and re-queue through these functions.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from claims.access import is_analyst
from claims.exports.models import ExportJob
from claims.jobs.lease import job_connection, lock_key, try_lock, unlock
from claims.jobs.models import BackgroundJob, ExtractionJob

logger = logging.getLogger(__name__)
Status = BackgroundJob.Status
JOB_MODELS: tuple[type[BackgroundJob], ...] = (ExportJob, ExtractionJob)
# What a new run starts from: the progress of the run before it is cleared.
FRESH = {
    ExportJob: {"total": None, "written": 0, "file": ""},
    ExtractionJob: {"total": None, "done": 0, "created": 0},
}


class JobProblem(Exception):
    """A job cannot be retried in its present state."""


def send(job: BackgroundJob) -> None:
    """Queue the task that runs this attempt of the job (call once the row is committed)."""
    if isinstance(job, ExportJob):
        from claims.exports.tasks import run_export

        run_export.delay(job.pk, job.attempt)
    else:
        from claims.candidates import extract_candidates

        extract_candidates.delay(job.source_id, job_id=job.pk, attempt=job.attempt)


def begin_run(model: type[BackgroundJob], pk: int, attempt: int | None) -> BackgroundJob | None:
    """Mark the job running for this delivery; None when the delivery is a leftover.

    A delivery carries the attempt it was queued for: once a sweep or a retry has queued a
    newer one, or the job has finished or failed, an older delivery runs nothing. Without
    an attempt (a direct call) the job runs whatever its state.
    """
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None:
            return None
        if attempt is not None and (
            job.attempt != attempt or job.status not in {Status.QUEUED, Status.RUNNING}
        ):
            return None
        now = timezone.now()
        job.status, job.error, job.finished_at = Status.RUNNING, "", None
        job.started_at = job.heartbeat_at = now
        job.worker = f"{socket.gethostname()}:{os.getpid()}"
        fields = ["status", "error", "finished_at", "started_at", "heartbeat_at", "worker"]
        job.save(update_fields=fields)
    return job


def may_retry(job: BackgroundJob, user: AbstractBaseUser) -> bool:
    """Whether this member may retry the job: who asked for it, admins, analysts (extraction)."""
    if user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk):
        return True
    return isinstance(job, ExtractionJob) and is_analyst(user)


def retry_job(model: type[BackgroundJob], pk: int, *, actor: AbstractBaseUser) -> BackgroundJob:
    """Queue a failed job again as a new attempt; refuse one that has not failed."""
    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=pk)
        if not may_retry(job, actor):
            raise PermissionDenied(
                "Only the member who started this job, or an admin, may retry it."
            )
        if job.status != Status.FAILED:
            raise JobProblem(f"Only a failed job can be retried; this one is {job.status}.")
        _queue_again(job)
    return job


def _queue_again(job: BackgroundJob) -> None:
    """Make the job a queued new attempt and send it once this transaction commits."""
    for name, value in FRESH[type(job)].items():
        setattr(job, name, value)
    job.status, job.error, job.attempt = Status.QUEUED, "", job.attempt + 1
    job.heartbeat_at, job.started_at, job.finished_at = timezone.now(), None, None
    fields = ["status", "error", "attempt", "heartbeat_at", "started_at", "finished_at"]
    job.save(update_fields=[*fields, *FRESH[type(job)]])
    _remove_leftovers(job)
    transaction.on_commit(lambda: send(job), robust=True)


def _fail(job: BackgroundJob, error: str, *, run_gone: bool) -> None:
    job.status, job.error, job.finished_at = Status.FAILED, error, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    if run_gone:
        _remove_leftovers(job)


def _remove_leftovers(job: BackgroundJob) -> None:
    if isinstance(job, ExportJob):
        from claims.exports.jobs import remove_partial_files

        remove_partial_files(job.pk)


def sweep_jobs() -> dict[str, int]:
    """Re-queue or fail every job whose run is gone, that stalled, or that no worker took.

    - running, and its lock is free: the process running it died; queue it again (up to
      JOB_MAX_ATTEMPTS attempts, then fail it), removing its partial file;
    - running, lock held, no progress for JOB_STALL_TIMEOUT seconds: fail it (stuck);
    - queued for JOB_STALL_TIMEOUT seconds with no run: its message may be lost; queue it again.
    """
    counts = {"requeued": 0, "failed": 0}
    stalled_before = timezone.now() - timedelta(seconds=settings.JOB_STALL_TIMEOUT)
    probe = job_connection(ExportJob)
    try:
        for model in JOB_MODELS:
            for pk in model.objects.filter(status__in=[Status.QUEUED, Status.RUNNING]).values_list(
                "pk", flat=True
            ):
                key = lock_key(model, pk)
                if not try_lock(probe, key):
                    outcome = _sweep_live(model, pk, stalled_before)
                else:
                    try:
                        outcome = _sweep_unheld(model, pk, stalled_before)
                    finally:
                        unlock(probe, key)
                if outcome:
                    counts[outcome] += 1
    finally:
        probe.close()
    if any(counts.values()):
        logger.warning("job sweep: %(requeued)d re-queued, %(failed)d failed", counts)
    return counts


def _sweep_live(model: type[BackgroundJob], pk: int, stalled_before) -> str | None:
    """A run holds the job: fail it only when it has reported nothing for too long."""
    with transaction.atomic():
        job = model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if job is None or job.status != Status.RUNNING:
            return None
        if job.heartbeat_at and job.heartbeat_at >= stalled_before:
            return None
        _fail(job, _stalled(), run_gone=False)
    return "failed"


def _sweep_unheld(model: type[BackgroundJob], pk: int, stalled_before) -> str | None:
    """No run holds the job (and none can start while the sweep holds its lock)."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.status not in {Status.QUEUED, Status.RUNNING}:
            return None
        quiet = job.heartbeat_at is None or job.heartbeat_at < stalled_before
        if job.status == Status.QUEUED and not quiet:
            return None  # still waiting for a worker, not for long
        if job.attempt >= settings.JOB_MAX_ATTEMPTS:
            reason = (
                f"The worker running it stopped; it was tried {job.attempt} times."
                if job.status == Status.RUNNING
                else f"No worker took it in {settings.JOB_STALL_TIMEOUT} s, {job.attempt} times."
            )
            _fail(job, f"{reason} Retry it to run it again.", run_gone=True)
            return "failed"
        _queue_again(job)
    return "requeued"


def _stalled() -> str:
    return (
        f"No progress for {settings.JOB_STALL_TIMEOUT} s: the worker running it seems stuck. "
        "Retry it to run it again."
    )
