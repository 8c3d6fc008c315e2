"""Export jobs of each format started through the API at SCALE claims, in-process and on a worker.

`make bench BENCH=jobs` (size from `SCALE`, default 100,000 claims). Rebuilds the database
`claimdesk_jobs` beside the configured one, migrates it and fills it with `seed_scale`
(`JOBS_SEEDED=1` measures the one an earlier run left instead).
Then, in a process bound to it, each format is exported twice through
`POST /api/v1/exports/` (every claim of the desk; ClaimReview: the approved ones) as
analyst0 with the Django test client:

- with no broker: the job runs in-process before the POST answers, while a thread reads the
  job row through `GET /api/v1/exports/{id}/` as another client would;
- with a real worker (`celery -A factcheck worker`, a subprocess) on the Redis broker of
  `CELERY_BROKER_URL` (left out, with a note, when none is set): the POST answers at once
  and the job is followed with GET until it is done.

For each: seconds from the POST to `done`, the rows in the downloaded file, and the
distinct progress values (`written`) seen while it ran (progress every 2,000 rows).
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.bench_api import _base_url, _with_database

ROOT = Path(__file__).resolve().parent.parent
JOBS_DB = "claimdesk_jobs"
FORMATS = ("csv", "jsonl", "claimreview")
CELERY = [sys.executable, "-m", "celery", "-A", "factcheck"]


def _size() -> int:
    return int(os.environ.get("SCALE", "100000").replace("_", "").replace(",", ""))


def main() -> None:
    """Seed the benchmark database, then measure without a broker and with a worker."""
    import psycopg

    size, base = _size(), _base_url()
    reuse = os.environ.get("JOBS_SEEDED") == "1"
    if not reuse:
        with psycopg.connect(_with_database(base, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{JOBS_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{JOBS_DB}"')
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(base, JOBS_DB),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "THROTTLE_USER": "1000000/minute",
        "LOG_LEVEL": "ERROR",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",  # production's proxy speaks HTTPS; the test client does not
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-jobs-only-" + "x" * 40,
        "MEDIA_ROOT": str(ROOT / ".data" / "bench-jobs-media"),
    }
    broker = os.environ.get("CELERY_BROKER_URL", "")
    manage = [sys.executable, str(ROOT / "manage.py")]
    quiet = {**env, "CELERY_BROKER_URL": ""}
    if reuse:
        size = _claims(quiet)
        print(f"{JOBS_DB} as an earlier run seeded it: {size:,} claims", flush=True)
    else:
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=quiet, check=True)
        began = time.perf_counter()
        subprocess.run([*manage, "seed_scale", "--claims", str(size)], env=quiet, check=True)
        print(f"seed_scale --claims {size:,}: {time.perf_counter() - began:.0f} s", flush=True)

    rows = [_measure_in_child(quiet, "no broker (in-process)")]
    if broker.startswith("redis"):
        rows.append(_measure_with_worker(env, broker))
    else:
        print("no Redis CELERY_BROKER_URL set: the worker run is left out", flush=True)
    print(f"\nExport jobs through the API at {size:,} claims")
    print("| run | format | rows | seconds | progress readings while running |")
    print("| --- | --- | --- | --- | --- |")
    for label, results in rows:
        for fmt, r in results.items():
            seen = r["progress_seen"]
            shown = f"{len(seen)} ({seen[0]:,} to {seen[-1]:,})" if seen else "none"
            print(f"| {label} | {fmt} | {r['rows']:,} | {r['seconds']:.2f} | {shown} |")


def _claims(env: dict) -> int:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]


def _measure_in_child(env: dict, label: str) -> tuple[str, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_jobs", "--measure"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return label, json.loads(result.stdout.strip().splitlines()[-1])


def _measure_with_worker(env: dict, broker: str) -> tuple[str, dict]:
    env = {**env, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}
    worker = subprocess.Popen(
        [*CELERY, "worker", "--concurrency", "1", "-n", "bench-jobs@%h", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        return _measure_in_child(env, "worker on Redis")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)


# --- inside the process bound to the benchmark database --------------------------------


def measure() -> None:
    """Export every format through the API; print one JSON line of results."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    if settings.CELERY_BROKER_URL:
        _wait_for_worker()
    user = get_user_model().objects.get(username="analyst0")
    results = {}
    for fmt in FORMATS:
        client, watcher = APIClient(), APIClient()
        client.force_authenticate(user)
        watcher.force_authenticate(user)
        seen: list[int] = []
        stop = threading.Event()
        began = time.perf_counter()
        thread = threading.Thread(target=_watch, args=(watcher, seen, stop), daemon=True)
        thread.start()
        response = client.post("/api/v1/exports/", {"format": fmt}, format="json")
        assert response.status_code == 202, response.content
        job_id = response.json()["id"]
        while (body := client.get(f"/api/v1/exports/{job_id}/").json())["status"] not in {
            "done",
            "failed",
        }:
            time.sleep(0.02)
        seconds = time.perf_counter() - began
        stop.set()
        thread.join()
        assert body["status"] == "done", body["error"]
        download = client.get(f"/api/v1/exports/{job_id}/download/")
        data = b"".join(download.streaming_content)
        lines = data.count(b"\n")
        records = lines - (1 if fmt == "csv" else 2 if fmt == "claimreview" else 0)
        assert records == body["written"] == body["total"], (records, body)
        progress = sorted({n for n in seen if 0 < n < body["total"]})
        results[fmt] = {"rows": records, "seconds": seconds, "progress_seen": progress}
    print(json.dumps(results))


def _watch(client, seen: list[int], stop: threading.Event) -> None:
    """Read the newest export job as another client would, noting each `written` value."""
    from django.db import connection

    while not stop.is_set():
        latest = client.get("/api/v1/exports/?page_size=1").json()["results"]
        if latest and latest[0]["status"] == "running":
            seen.append(latest[0]["written"])
        time.sleep(0.005)
    connection.close()


def _wait_for_worker(timeout: float = 120) -> None:
    from factcheck.celery import app

    deadline = time.monotonic() + timeout
    while not app.control.ping(timeout=1.0):
        if time.monotonic() > deadline:
            raise SystemExit("no worker answered")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        measure()
    else:
        main()
