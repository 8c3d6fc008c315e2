"""Run manage.py as a user would: a subprocess against the test database."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def manage(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run manage.py with args against the test database, tasks in-process unless env says."""
    db = settings.DATABASES["default"]
    url = f"postgresql://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}?host={db['HOST']}"
    if db.get("PORT"):
        url += f"&port={db['PORT']}"
    full_env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": "", **(env or {})}
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
