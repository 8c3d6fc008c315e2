"""System checks for a production setup that Django's own deploy checks do not cover."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

# Backends whose entries live in one process: every worker would keep its own counts.
LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Warn when throttles and mail de-duplication would count per process, not per desk."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is kept in each process, so "
            "API throttles and the de-duplication of review mail count per worker.",
            hint="Set CACHE_URL to a Redis server every web and Celery worker shares, "
            "e.g. redis://127.0.0.1:6379/1.",
            id="factcheck.W001",
        )
    ]
