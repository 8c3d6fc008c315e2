"""The Celery task that runs an export job."""

from celery import shared_task


@shared_task
def run_export(job_id: int, attempt: int | None = None) -> int | None:
    """Run the export job and return how many claims it wrote; running it again adds nothing.

    Returns None when this delivery ran nothing (another run holds the job, or a newer
    attempt was queued since).
    """
    from claims.exports.jobs import run_job

    job = run_job(job_id, attempt)
    return None if job is None else job.written
