from celery import shared_task


@shared_task
def extract_candidates(source_id: int) -> None:
    raise NotImplementedError("extract_candidates is not built yet")
