"""Time the claims API and the exports at 100,000 claims, against PostgreSQL's own COPY.

Runs on a database of its own (`claimdesk_bench` beside the configured one, or in the
embedded server), rebuilt each run: 2,000 sources, 100,000 claims, 300,000 evidence links.
Measures the claims list at page sizes 25 and 100 (median and p95 server time, queries a
request), then the CSV, JSON Lines and ClaimReview exports of every approved claim (wall
time, peak memory of the exporting process) against `COPY (same columns) TO STDOUT`.
`bench_exports` measures the exports alone at a million claims.
"""

import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DB = "claimdesk_bench"
ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 200
RUNS = 3
TARGETS = {"csv": 1.5, "jsonl": 3.0, "claimreview": 3.0}  # `make bench BENCH=exports` at scale
MEMORY_LIMIT_MB = 200
LIST_P95_LIMIT_MS = 100


def _base_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from factcheck.embedded_db import start_or_exit

    data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", ROOT / ".data" / "postgres"))
    return start_or_exit(data_dir)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _recreate(url: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def main() -> None:
    """Build the benchmark database, run the measurements in a process using it, print a table."""
    base = _base_url()
    _recreate(base)
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(base, BENCH_DB),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "CELERY_BROKER_URL": "",
        "THROTTLE_USER": "1000000/minute",
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run([sys.executable, "-m", "bench.bench_api", "--measure"], env=env, check=True)


# --- inside the process bound to the benchmark database --------------------------------


def _setup() -> None:
    import django

    django.setup()


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _measure_list(client, page_size: int, pages: int) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(page_size)
    samples, queries = [], []
    for _ in range(REQUESTS):
        page = rng.randint(1, pages)
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get("/api/v1/claims/", {"page_size": page_size, "page": page})
            samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content[:200]
        queries.append(len(captured))
    return {
        "median": statistics.median(samples),
        "p95": _percentile(samples, 0.95),
        "queries": max(queries),
        "min_queries": min(queries),
    }


def _copy(sql: str, params: tuple, out: Path, csv: bool) -> float:
    """Time PostgreSQL's COPY of a query's rows to a file, as a client would receive them."""
    import psycopg

    dsn = os.environ["DATABASE_URL"]
    with psycopg.connect(dsn) as conn, conn.cursor() as cursor:
        query = psycopg.ClientCursor(conn).mogrify(sql, params)
        options = " WITH (FORMAT csv, HEADER)" if csv else ""
        began = time.perf_counter()
        with out.open("wb") as handle, cursor.copy(f"COPY ({query}) TO STDOUT{options}") as copy:
            for chunk in copy:
                handle.write(chunk)
        return time.perf_counter() - began


def _export_in_child(fmt: str, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_api", "--export", fmt, str(out)],
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def export_child(fmt: str, out: str) -> None:
    """Run one export of every approved claim and print its time and peak memory as JSON."""
    _setup()
    from django.db import connection

    from claims.exports.writers import export_queryset, write_export

    connection.ensure_connection()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    with open(out, "wb") as handle:  # as an export job writes its file
        rows = write_export(fmt, export_queryset(fmt, {"status": "approved"}), handle)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_kb": peak, "before_kb": before}))


def _machine() -> str:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            ln.split(":", 1)[1].strip()
            for ln in cpuinfo.read_text().splitlines()
            if ln.startswith("model name")
        ]
        cpu = f"{names[0]} x{len(names)}" if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"{cpu}{memory}; Python {platform.python_version()}; PostgreSQL {pg}"


def measure() -> None:
    """Fill the benchmark database and print the measurements."""
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from bench import api_data
    from claims.exports.writers import export_queryset, plain_rows
    from claims.members import create_member
    from claims.models import Claim

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        api_data.fill(cursor)
    fill_seconds = time.perf_counter() - began
    approved = Claim.objects.filter(status=Claim.Status.APPROVED).count()
    print(
        f"filled {BENCH_DB}: {api_data.SOURCES:,} sources, {api_data.CLAIMS:,} claims "
        f"({approved:,} approved), {api_data.EVIDENCE:,} evidence links in {fill_seconds:.1f} s"
    )

    analyst = create_member("bench-analyst", "analyst", "bench-password-1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    client.get("/api/v1/claims/")  # warm the connection and the code paths
    lists = {size: _measure_list(client, size, api_data.CLAIMS // size) for size in (25, 100)}

    work = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    exports, copies = {}, {}
    for fmt in TARGETS:
        # COPY reads the same rows and columns, as plain values.
        rows = plain_rows(fmt, export_queryset(fmt, {"status": "approved"}))
        sql, params = rows.query.sql_with_params()
        # Median of RUNS each, COPY and export taking turns, so load elsewhere hits both alike.
        copy_times, runs = [], []
        for _ in range(RUNS):
            copy_times.append(_copy(sql, params, work / f"copy-{fmt}", csv=fmt == "csv"))
            runs.append(_export_in_child(fmt, work / f"export-{fmt}"))
        copies[fmt] = statistics.median(copy_times)
        exports[fmt] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_kb": max(r["peak_kb"] for r in runs),
            "before_kb": max(r["before_kb"] for r in runs),
        }
        sizes = (work / f"export-{fmt}").stat().st_size, (work / f"copy-{fmt}").stat().st_size
        exports[fmt]["mb"], copies[f"{fmt}_mb"] = sizes[0] / 1e6, sizes[1] / 1e6
    _print_report(lists, exports, copies, approved)
    print(f"machine: {_machine()}")
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _print_report(lists: dict, exports: dict, copies: dict, approved: int) -> None:
    print()
    print(
        f"claims list, {REQUESTS} requests each on random pages "
        f"(target p95 < {LIST_P95_LIMIT_MS} ms)"
    )
    print(f"{'page size':>10} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target")
    for size, row in lists.items():
        queries = (
            f"{row['queries']}"
            if row["queries"] == row["min_queries"]
            else f"{row['min_queries']}-{row['queries']}"
        )
        print(
            f"{size:>10} {row['median']:>10.1f} {row['p95']:>8.1f} {queries:>8}  "
            f"{_verdict(row['p95'] < LIST_P95_LIMIT_MS)}"
        )
    print()
    print(
        f"exports of all {approved:,} approved claims vs COPY, median of {RUNS} runs "
        f"(peak memory < {MEMORY_LIMIT_MB} MB)"
    )
    print(
        f"{'format':>12} {'export s':>9} {'COPY s':>8} {'ratio':>6} {'target':>7} "
        f"{'peak RSS MB':>12} {'file MB':>8}  verdict"
    )
    for fmt, row in exports.items():
        ratio = row["seconds"] / copies[fmt]
        peak_mb = row["peak_kb"] / 1024
        ok = ratio <= TARGETS[fmt] and peak_mb < MEMORY_LIMIT_MB
        print(
            f"{fmt:>12} {row['seconds']:>9.2f} {copies[fmt]:>8.2f} {ratio:>5.1f}x "
            f"{'<' + str(TARGETS[fmt]) + 'x':>7} {peak_mb:>12.0f} {row['mb']:>8.1f}  {_verdict(ok)}"
        )
    print(
        "(peak RSS is the whole exporting process, Django included; "
        f"{exports['csv']['before_kb'] / 1024:.0f} MB before the export began)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure()
    elif sys.argv[1:2] == ["--export"]:
        export_child(sys.argv[2], sys.argv[3])
    else:
        main()
