"""Time the reader and the storage of candidates, on a throwaway database.

1. The reference interview (11 KB) with all its candidates: GET /sources/<id>/ (target
   < 300 ms). Skipped when the shared corpus is absent.
2. A generated interview of about 5 MB (bench/interview_text.py): `import --extract` as the
   command runs it, import_text then store_candidates (target < 10 s, with the extractor's
   own share shown apart), then the reader's first part and the part in the middle of the
   text (`?at=`): server time p50/p95, queries and response size (targets: < 1 s, < 1 MB).

`BENCH_READER_MB` changes the size of the generated text (the import refuses over 5 MiB).
"""

import os
import statistics
import time
from pathlib import Path

TARGET_MS = 300
RUNS = 20
INTERVIEW = "tass-ivanov-somb-interview-2025.txt"
LARGE_BYTES = int(float(os.environ.get("BENCH_READER_MB", "5")) * 1_000_000)
LARGE_TARGET_MS = 1000
LARGE_TARGET_BYTES = 1_000_000
STORE_TARGET_S = 10


def main() -> None:
    """Print the reader's timings for the reference interview and for a 5 MB interview."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    path = Path(settings.CORPUS_DIR) / INTERVIEW
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own database name, so a test run going on at the same time is left alone.
    connection.settings_dict["TEST"]["NAME"] = f"bench_reader_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = _client()
        if path.is_file():
            _run(client, path.read_text(encoding="utf-8"))
        else:
            print(f"reader: skipped, {path} not found (set CORPUS_DIR to the shared corpus)")
        _run_large(client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _client():
    from django.test import Client

    from claims.members import create_member

    analyst = create_member("bench-reader", "analyst", "bench-password-1")
    client = Client()
    client.force_login(analyst)
    return client


def _run(client, text: str) -> None:
    from claims.candidates import store_candidates
    from sources.importing import import_text

    source = import_text(text, title="SOMB interview", outlet="TASS", kind="interview").source
    stored = store_candidates(source.pk)
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


def _run_large(client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.interview_text import interview
    from claims.candidates import store_candidates
    from extraction import find_candidates
    from sources.importing import import_text

    text = interview(LARGE_BYTES)
    size_mb = len(text.encode()) / 1e6
    wall, cpu = time.perf_counter(), time.process_time()
    source = import_text(text, title="Generated interview", kind="interview").source
    imported = time.perf_counter() - wall
    with CaptureQueriesContext(connection) as queries:
        stored = store_candidates(source.pk)
    total, cpu = time.perf_counter() - wall, time.process_time() - cpu
    began, began_cpu = time.perf_counter(), time.process_time()
    find_candidates(text, list(source.passages.all()))  # the extractor alone, for comparison
    extracting, extracting_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    storing = total - imported - extracting
    verdict = "ok" if total < STORE_TARGET_S else "SLOW"
    print(
        f"import --extract: {size_mb:.2f} MB interview, {stored['created']:,} candidates: "
        f"{total:.1f} s = import {imported:.1f} s + extractor {extracting:.1f} s + storing "
        f"{storing:.1f} s ({len(queries)} queries); this process's CPU {cpu:.1f} s, "
        f"{extracting_cpu:.1f} s of it the extractor's (target < {STORE_TARGET_S} s) {verdict}"
    )
    url = f"/sources/{source.pk}/"
    for label, query in [("first part", ""), ("middle part", f"?at={len(text) // 2}")]:
        _time_page(client, f"{label} of {size_mb:.1f} MB", url + query)


def _time_page(client, label: str, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the template cache
    samples, cpu = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200
    samples.sort()
    p50, p95 = statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]
    size = len(response.content)
    part, context = response.context["part"], response.context
    verdict = "ok" if p95 < LARGE_TARGET_MS and size < LARGE_TARGET_BYTES else "SLOW"
    print(
        f"reader, {label}: part {part.number} of {part.count} "
        f"({part.end - part.start:,} characters, {context['n_part_candidates']} of the "
        f"{context['n_candidates']:,} candidates), {size / 1024:.0f} KB, {len(queries)} queries: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({statistics.median(cpu):.1f} ms of Python CPU) "
        f"over {RUNS} runs (target < {LARGE_TARGET_MS} ms, < {LARGE_TARGET_BYTES // 1000} KB) "
        f"{verdict}"
    )
