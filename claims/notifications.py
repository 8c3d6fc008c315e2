from celery import shared_task


@shared_task
def send_transition_mail(event_id: int) -> None:
    raise NotImplementedError("send_transition_mail is not built yet")
