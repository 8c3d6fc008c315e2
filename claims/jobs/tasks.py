"""The periodic sweep of background jobs (Celery beat runs it, see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="claims.sweep_jobs")
def sweep_jobs() -> dict[str, int]:
    """Re-queue or fail jobs whose run died or stalled; return how many of each."""
    from claims.jobs.control import sweep_jobs as sweep

    return sweep()
