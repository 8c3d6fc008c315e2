"""The Celery application; its settings come from Django's under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="factcheck.ping")
def ping(value: str = "pong") -> str:
    """Echo a value back: lets tests and operators check that a worker answers."""
    return value
