"""Time the CSV, JSON Lines and ClaimReview exports against PostgreSQL's COPY of the same rows.

`make bench BENCH=exports` (size from `SCALE`, default 1,000,000 claims). Runs on a database
of its own, `claimdesk_exbench_<SCALE>` beside the configured one (or in the embedded
server): 50 claims a source, 3 evidence links a claim, 40% of the claims approved. The
database is filled once and kept for later runs (the benchmark only reads it);
`BENCH_REBUILD=1` fills it anew.

Each format exports every claim it covers (ClaimReview: the approved ones) in a fresh
process, writing the file the way an export job does; its wall time is compared with
`COPY (SELECT the same columns ...) TO STDOUT` of the same rows read by a client into a
file, and its peak RSS (the whole process, Django included) is reported.
"""

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.bench_api import _copy

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
FORMATS = ("csv", "jsonl", "claimreview")
TARGETS = {"csv": 1.5, "jsonl": 3.0, "claimreview": 3.0}
MEMORY_LIMIT_MB = 200


def _scale() -> int:
    return int(os.environ.get("SCALE", "1000000").replace("_", "").replace(",", ""))


def _base_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from factcheck.embedded_db import start_or_exit

    data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", ROOT / ".data" / "postgres"))
    return start_or_exit(data_dir)


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _ready_mark(scale: int) -> str:
    return f"claim desk export bench, {scale} claims, filled"


STALE = 3  # the exit code of a measuring process that found the kept database unmigrated


def _prepare(url: str, name: str, scale: int, rebuild: bool) -> bool:
    """Create the benchmark database unless a filled one is kept; return whether to fill it."""
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] == _ready_mark(scale) and not rebuild:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def main() -> None:
    """Build (or reuse) the benchmark database and run the measurements in a process using it."""
    scale = _scale()
    name = f"claimdesk_exbench_{scale}"
    base = _base_url()
    rebuild = os.environ.get("BENCH_REBUILD", "") not in {"", "0"}
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(base, name),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "ERROR",
        "SCALE": str(scale),
    }
    fill = _prepare(base, name, scale, rebuild)
    measure = [sys.executable, "-m", "bench.bench_exports", "--measure"]
    done = subprocess.run([*measure, "fill" if fill else "keep"], env=env)
    if done.returncode == STALE:  # the kept database lacks migrations: fill it anew
        _prepare(base, name, scale, rebuild=True)
        done = subprocess.run([*measure, "fill"], env=env)
    done.check_returncode()


# --- inside the process bound to the benchmark database --------------------------------


def _setup() -> None:
    import django

    django.setup()


def _unmigrated() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _fill(scale: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench import api_data

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        api_data.fill(cursor, scale)
        name = connection.settings_dict["NAME"]
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{_ready_mark(scale)}'")
    print(f"filled {name} in {time.perf_counter() - began:.0f} s", flush=True)


def _export_in_child(fmt: str, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_exports", "--export", fmt, str(out)],
        env=os.environ,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def export_child(fmt: str, out: str) -> None:
    """Export every claim in one format as an export job does; print time and peak memory."""
    _setup()
    from django.db import connection

    from claims.exports.writers import export_queryset, write_export

    connection.ensure_connection()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    with open(out, "wb") as handle:
        rows = write_export(fmt, export_queryset(fmt, {}), handle)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_kb": peak, "before_kb": before}))


def _records(path: Path, fmt: str) -> int:
    """Count the records of an export file without loading it (one a line in each format)."""
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
    return lines - (1 if fmt == "csv" else 2 if fmt == "claimreview" else 0)


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
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return f"{cpu}; Python {platform.python_version()}; PostgreSQL {pg}"


def measure(fill: bool) -> None:
    """Fill the database if asked, then time each export against COPY and print a table."""
    _setup()
    from claims.exports.writers import export_queryset, plain_rows
    from claims.models import Claim

    scale = int(os.environ["SCALE"])
    if fill:
        _fill(scale)
    elif _unmigrated():
        print("the kept database lacks migrations: filling it anew", flush=True)
        raise SystemExit(STALE)
    claims = Claim.objects.count()
    approved = Claim.objects.filter(status=Claim.Status.APPROVED).count()
    print(f"{claims:,} claims, {approved:,} approved", flush=True)

    work = Path(tempfile.mkdtemp(prefix="claimdesk-exbench-"))
    results = {}
    for fmt in FORMATS:
        # The yardstick: COPY of the columns the format carries, as plain values.
        sql, params = plain_rows(fmt, export_queryset(fmt, {})).query.sql_with_params()
        copy_times, runs = [], []
        for _ in range(RUNS):  # COPY and export take turns, so load elsewhere hits both alike
            copy_times.append(_copy(sql, params, work / f"copy-{fmt}", csv=fmt == "csv"))
            runs.append(_export_in_child(fmt, work / f"export-{fmt}"))
        exported = work / f"export-{fmt}"
        records = _records(exported, fmt)
        assert records == runs[-1]["rows"], (fmt, records, runs[-1]["rows"])
        results[fmt] = {
            "rows": runs[-1]["rows"],
            "seconds": statistics.median(r["seconds"] for r in runs),
            "copy": statistics.median(copy_times),
            "peak_mb": max(r["peak_kb"] for r in runs) / 1024,
            "before_mb": max(r["before_kb"] for r in runs) / 1024,
            "mb": exported.stat().st_size / 1e6,
            "copy_mb": (work / f"copy-{fmt}").stat().st_size / 1e6,
        }
        each = ", ".join(
            f"{r['seconds']:.2f}/{c:.2f}" for r, c in zip(runs, copy_times, strict=True)
        )
        print(f"  {fmt}: export/COPY s of each run {each}", file=sys.stderr, flush=True)
    _print_report(results, claims)
    print(f"machine: {_machine()}")
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


def _print_report(results: dict, claims: int) -> None:
    print()
    print(
        f"exports at {claims:,} claims vs COPY of the same columns, median of {RUNS} runs "
        f"(peak RSS < {MEMORY_LIMIT_MB} MB)"
    )
    print(
        f"{'format':>12} {'rows':>10} {'export s':>9} {'COPY s':>8} {'ratio':>6} {'target':>7} "
        f"{'peak RSS MB':>12} {'file MB':>8}  verdict"
    )
    for fmt, row in results.items():
        ratio = row["seconds"] / row["copy"]
        ok = ratio <= TARGETS[fmt] and row["peak_mb"] < MEMORY_LIMIT_MB
        print(
            f"{fmt:>12} {row['rows']:>10,} {row['seconds']:>9.2f} {row['copy']:>8.2f} "
            f"{ratio:>5.2f}x {'<=' + str(TARGETS[fmt]) + 'x':>7} {row['peak_mb']:>12.0f} "
            f"{row['mb']:>8.1f}  {'ok' if ok else 'MISSED'}"
        )
    before = max(row["before_mb"] for row in results.values())
    print(f"(peak RSS is the whole exporting process; {before:.0f} MB before the export began)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[2:3] == ["fill"])
    elif sys.argv[1:2] == ["--export"]:
        export_child(sys.argv[2], sys.argv[3])
    else:
        main()
