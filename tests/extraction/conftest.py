"""Texts with annotated claims, and a way to run manage.py against the test database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
DATA = BASE / "tests" / "data"
DEMO_PATH = BASE / "factcheck" / "demo" / "harbour-interview.txt"
GRANARY_PATH = DATA / "granary-report.txt"


@pytest.fixture
def demo_text() -> str:
    return DEMO_PATH.read_text(encoding="utf-8")


@pytest.fixture
def granary_text() -> str:
    return GRANARY_PATH.read_text(encoding="utf-8")


@pytest.fixture
def committed(transactional_db):
    """Let subprocesses see the test database's committed rows."""
    return transactional_db


def manage(*args: str) -> subprocess.CompletedProcess:
    """Run manage.py in a subprocess against the test database, tasks in-process."""
    db = settings.DATABASES["default"]
    url = f"postgresql://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}?host={db['HOST']}"
    if db.get("PORT"):
        url += f"&port={db['PORT']}"
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": ""}
    return subprocess.run(
        [sys.executable, str(BASE / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
