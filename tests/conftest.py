"""Fixtures shared by every test area: the three standard members, the corpus, a live worker."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from claims.members import create_member

PASSWORD = "correct-horse-battery-staple"
# The broker as configured, before `own_broker_database` points this process at its own.
CONFIGURED_BROKER = os.environ.get("CELERY_BROKER_URL") or ""
# PBKDF2's deliberate slowness is the point in production and most of a test run's time
# here. Passwords set in a test are hashed fast; those the commands set (in a subprocess,
# with the real settings) still check, since the real hasher stays known.
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture(scope="session", autouse=True)
def own_broker_database():
    """Publish every task of this test process to its own Redis database, not only the worker's.

    Parallel test processes would otherwise publish to the one configured database, where
    another process's live worker takes the task and runs it against the wrong test database.
    """
    from factcheck.celery import app

    if CONFIGURED_BROKER.startswith("redis"):
        own = worker_broker_url(CONFIGURED_BROKER)
        # Celery reads the CELERY_BROKER_URL variable before its own broker_url setting.
        os.environ["CELERY_BROKER_URL"] = own
        app.conf.update(broker_url=own, result_backend=own)
        _drop_broker_connections(app)
    yield
    if CONFIGURED_BROKER:
        os.environ["CELERY_BROKER_URL"] = CONFIGURED_BROKER


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture
def analyst(db):
    return create_member("ana", "analyst", PASSWORD)


@pytest.fixture
def analyst2(db):
    return create_member("ana2", "analyst", PASSWORD)


@pytest.fixture
def reviewer(db):
    return create_member("rev", "reviewer", PASSWORD)


@pytest.fixture
def reviewer2(db):
    return create_member("rev2", "reviewer", PASSWORD)


@pytest.fixture
def admin_member(db):
    return create_member("boss", "admin", PASSWORD)


@pytest.fixture
def outsider(db):
    from tests.factories import UserFactory

    return UserFactory(username="stranger")


def signed_in(user) -> Client:
    """Return a browser-like test client signed in as user."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def analyst_client(analyst) -> Client:
    return signed_in(analyst)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return signed_in(reviewer)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return signed_in(outsider)


@pytest.fixture
def committed(transactional_db):
    """Commit test rows for real, so that subprocesses (manage.py) see them."""
    return transactional_db


@pytest.fixture
def corpus_dir() -> Path:
    return Path(settings.CORPUS_DIR)


@pytest.fixture
def interview_path(corpus_dir: Path) -> Path:
    """Path to the TASS interview in the shared corpus; the test skips where it is absent."""
    path = corpus_dir / "tass-ivanov-somb-interview-2025.txt"
    if not path.is_file():
        pytest.skip(f"corpus text not found at {path}; set CORPUS_DIR to the shared corpus")
    return path


@pytest.fixture
def interview_text(interview_path: Path) -> str:
    return interview_path.read_text(encoding="utf-8")


@pytest.fixture
def live_worker(transactional_db):
    """Run a real Celery worker in a thread: on CELERY_BROKER_URL when set, else in memory."""
    from celery.contrib.testing.worker import start_worker

    from factcheck.celery import app

    broker = worker_broker_url(CONFIGURED_BROKER or "memory://")
    backend = broker if broker.startswith("redis") else "cache+memory://"
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=broker, result_backend=backend)
    _drop_broker_connections(app)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20) as worker:
            yield worker
    finally:
        app.conf.update(previous)
        _drop_broker_connections(app)


def worker_broker_url(url: str) -> str:
    """Give each parallel test process a Redis database of its own, so none takes another's task."""
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    if not index or not url.startswith("redis"):
        return url
    base, _, db = url.rpartition("/")
    return f"{base}/{(int(db or 0) - index) % 16}" if db.isdigit() else f"{url.rstrip('/')}/{index}"


def _drop_broker_connections(app) -> None:
    # The app keeps the producer pool of the first broker it published to (an eager run
    # makes one for the default broker), so a worker on another broker would never hear.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process, as with no broker, whatever CELERY_BROKER_URL says."""
    from factcheck.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
