"""The Celery task that runs an export job."""

from celery import shared_task


@shared_task
def run_export(job_id: int) -> int:
    """Run the export job and return how many claims it wrote; running it again adds nothing."""
    from claims.exports.jobs import run_job

    return run_job(job_id).written
