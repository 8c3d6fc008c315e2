from celery import shared_task


@shared_task
def run_export(job_id: int) -> None:
    raise NotImplementedError("run_export is not built yet")
