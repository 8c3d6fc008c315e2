"""Fixtures of the background-job tests: media under a temporary folder, a live run's lock."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from claims.jobs.lease import job_connection, lock_key, try_lock


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def live_run() -> Callable:
    """Hold a job's lock from a connection of its own, as a run in another process would."""

    @contextmanager
    def holding(job) -> Iterator[None]:
        connection = job_connection(type(job))
        try:
            assert try_lock(connection, lock_key(type(job), job.pk))
            yield
        finally:
            connection.close()

    return holding
