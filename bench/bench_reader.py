"""Time the reader page for the reference interview with all its candidates (target < 300 ms)."""

import os
import statistics
import time
from pathlib import Path

TARGET_MS = 300
RUNS = 20
INTERVIEW = "tass-ivanov-somb-interview-2025.txt"


def main() -> None:
    """Print the median and worst server time of GET /sources/<id>/ for the interview."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    path = Path(settings.CORPUS_DIR) / INTERVIEW
    if not path.is_file():
        print(f"reader: skipped, {path} not found (set CORPUS_DIR to the shared corpus)")
        return
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own database name, so a test run going on at the same time is left alone.
    connection.settings_dict["TEST"]["NAME"] = f"bench_reader_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _run(path.read_text(encoding="utf-8"))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _run(text: str) -> None:
    from django.test import Client

    from claims.candidates import store_candidates
    from claims.members import create_member
    from sources.importing import import_text

    analyst = create_member("bench-reader", "analyst", "bench-password-1")
    source = import_text(text, title="SOMB interview", outlet="TASS", kind="interview").source
    stored = store_candidates(source.pk)
    client = Client()
    client.force_login(analyst)
    url = f"/sources/{source.pk}/"
    client.get(url)  # warm the template cache
    samples = []
    for _ in range(RUNS):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    median, worst = statistics.median(samples), max(samples)
    verdict = "ok" if median < TARGET_MS else "SLOW"
    print(
        f"reader: {len(text.encode()) / 1024:.1f} KB interview, {stored['created']} candidates, "
        f"{len(response.content) / 1024:.0f} KB page: median {median:.1f} ms, "
        f"worst {worst:.1f} ms over {RUNS} runs (target < {TARGET_MS} ms) {verdict}"
    )
