"""Run manage.py as a user would: a subprocess against the test database."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def database_url_as(user: str | None = None, password: str | None = None) -> str:
    """Return the test database's address, as its own user or another (host may be a folder)."""
    db = settings.DATABASES["default"]
    user, password = (user, password) if user else (db["USER"], db["PASSWORD"])
    url = f"postgresql://{user}:{password}@/{db['NAME']}?host={db['HOST'] or '127.0.0.1'}"
    return url + (f"&port={db['PORT']}" if db.get("PORT") else "")


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run manage.py with args against the test database, tasks in-process unless env says."""
    url = database_url_as()
    full_env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": "", **(env or {})}
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
