"""Time every page and list of the desk at a million claims, seeded by `seed_scale`.

`make bench BENCH=scale` (size from `SCALE`, default 1,000,000 claims). Rebuilds the
database `claimdesk_scale` beside the configured one (or in the embedded server), migrates
it and fills it with `manage.py seed_scale --claims SCALE` (timed). Then, in a process bound
to it, with the Django test client signed in as analyst0 (reviewer0 for the review queue),
each request runs RUNS times after a warm-up (fewer, at least MIN_RUNS, once a request has
used its BUDGET_S seconds): p50, p95, response size and SQL queries a request. Then a
generated 5 MB interview is imported and its candidates stored (timed, as
`import_source --extract` does), and its reader page timed the same way. Last, the CSV,
JSON Lines and ClaimReview exports of every approved claim, each in a process of its own,
against PostgreSQL's COPY of the same columns (with bench/bench_api.py's helpers).

"Checked before?" is timed over SIMILAR_CLAIMS different claims rather than one URL
repeated (each claim's lookup is its own): `GET /api/v1/claims/{id}/similar/` for claims of
every status, `GET /api/v1/claims/similar/?text=` with their quotes as new text, and the
review queue's precedent fragment for claims in review (target p95 under 150 ms).
`python -m bench.bench_scale --measure-similar` times only these on the database of
DATABASE_URL as it stands (already seeded and migrated), without rebuilding it.

The public fact-check pages (`/checks/`) are timed too: the index's first page, a page from
the middle of the list, filtered by rating and by source, a corrected verdict's page and the
Atom feed; `python -m bench.bench_scale --measure-public` times only these on the database of
DATABASE_URL as it stands.

Search is timed on realistic queries (SEARCHES: the issue's own, a name, several words,
source texts, evidence, a filter), each as one URL repeated like the other rows (target p95
under 150 ms); `python -m bench.bench_scale --measure-search` times only these, on the
database of DATABASE_URL as it stands.

`SCALE_COMPARE=10000` first does the same at that size in `claimdesk_scale_compare`, and
the table says whether each request ran the same number of queries at both sizes.
Targets: p95 under 100 ms for pages and the API (150 ms for searches); the 5 MB reader
under 1 s and 1 MB;
import with extraction of 5 MB under 10 s; exports at most 1.5x COPY (CSV) or 3x (JSON
Lines, ClaimReview) with a peak RSS under 200 MB.
"""

import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_api import (
    _base_url,
    _copy,
    _export_in_child,
    _machine,
    _percentile,
    _with_database,
)

ROOT = Path(__file__).resolve().parent.parent
SCALE_DB = "claimdesk_scale"
COMPARE_DB = "claimdesk_scale_compare"
RUNS, MIN_RUNS, BUDGET_S = 40, 3, 60
P95_LIMIT_MS = 100
SEARCH_LIMIT_MS = 150  # search answers within this, at p95, on realistic queries
READER_LIMIT_MS, READER_LIMIT_BYTES = 1_000, 1_000_000
SIMILAR_LIMIT_MS, SIMILAR_CLAIMS = 150, 40
EXTRACT_LIMIT_S = 10
LARGE_SOURCE_CHARS = 5_000_000  # a 5 MB interview, kept under the importer's 5 MiB limit
EXPORT_TARGETS = {"csv": 1.5, "jsonl": 3.0, "claimreview": 3.0}
EXPORT_RUNS = 3
MEMORY_LIMIT_MB = 200
WORD = "hostages"  # a word in many seeded quotes, for `q`
READER = "reader of a 5 MB source"


def _size(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)).replace("_", "").replace(",", "") or 0)


def main() -> None:
    """Seed each size in a database of its own, measure it in a process bound to it, report."""
    scale, compare = _size("SCALE", 1_000_000), _size("SCALE_COMPARE", 0)
    base = _base_url()
    small = _run(base, COMPARE_DB, compare, exports=False) if compare else None
    large = _run(base, SCALE_DB, scale, exports=True)
    _report(large, small)


def _recreate(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _run(base: str, name: str, size: int, *, exports: bool) -> dict:
    _recreate(base, name)
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(base, name),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "CELERY_BROKER_URL": "",
        "THROTTLE_USER": "1000000/minute",
        "LOG_LEVEL": "ERROR",
        # Measured as production runs: DEBUG off (the test client's host is allowed).
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",  # production's proxy speaks HTTPS; the client does not
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-scale-only-" + "x" * 40,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    print(f"== seeding {name} with {size:,} claims", flush=True)
    began = time.perf_counter()
    subprocess.run([*manage, "seed_scale", "--claims", str(size)], env=env, check=True)
    seconds = time.perf_counter() - began
    print(f"seed_scale --claims {size:,}: {seconds:.0f} s ({seconds / 60:.1f} min)", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_scale", "--measure"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    queries = measured.pop("export_queries")
    measured["exports"] = _exports(queries, env) if exports else {}
    return {**measured, "size": size, "seed_seconds": seconds}


# --- inside the process bound to the benchmark database --------------------------------


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _time_request(client, url: str) -> dict:
    """Run GET url: a warm-up, then up to RUNS timed runs within BUDGET_S seconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: caches, the connection, the code paths
    samples: list[float] = []
    queries: list[int] = []
    deadline = time.perf_counter() + BUDGET_S
    while len(samples) < RUNS and (len(samples) < MIN_RUNS or time.perf_counter() < deadline):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            samples.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured))
    return {
        "url": url,
        "status": response.status_code,
        "n": len(samples),
        "p50": statistics.median(samples),
        "p95": _percentile(samples, 0.95),
        "bytes": len(body),
        "queries": [min(queries), max(queries)],
    }


def _requests() -> list[tuple[str, str, str]]:
    """Return (label, member, url) of each request measured, with ids from this database."""
    from claims.models import Claim

    total = Claim.objects.count()
    # An assigned one: the page reads the assignee's name, so sizes compare like with like.
    open_ids = Claim.objects.filter(status=Claim.Status.OPEN, assignee__isnull=False)
    open_ids = open_ids.order_by("id")
    open_claim = open_ids.values_list("id", flat=True)[open_ids.count() // 2]
    deep = min(1000, max(1, math.ceil(total / 25)))  # page 1,000 where the list is that long
    return [
        ("GET /api/v1/claims/?status=approved", "analyst0", "/api/v1/claims/?status=approved"),
        (f"GET /api/v1/claims/?q={WORD}", "analyst0", f"/api/v1/claims/?q={WORD}"),
        ("GET /api/v1/claims/?page_size=100", "analyst0", "/api/v1/claims/?page_size=100"),
        (
            "GET /api/v1/claims/?ordering=-created_at&page=1000",
            "analyst0",
            f"/api/v1/claims/?ordering=-created_at&page={deep}",
        ),
        ("/claims/", "analyst0", "/claims/"),
        ("/claims/?status=in_review", "analyst0", "/claims/?status=in_review"),
        (f"/claims/?q={WORD} (a search, its status tabs)", "analyst0", f"/claims/?q={WORD}"),
        ("/claims/?rating=false (a filter no tally answers)", "analyst0", "/claims/?rating=false"),
        ("/review/", "reviewer0", "/review/"),
        ("/ (dashboard)", "analyst0", "/"),
        ("/claims/<id>/ (an open claim)", "analyst0", f"/claims/{open_claim}/"),
        ("/sources/", "analyst0", "/sources/"),
        *_search_requests(),
        *_public_requests(),
    ]


def _public_requests() -> list[tuple[str, str, str]]:
    """Return (label, member, url) of the public pages: the index (first, deep, filtered), a
    corrected verdict's page and the Atom feed. Their answer is the same for anyone."""
    from claims.models import Claim

    published = Claim.objects.published().order_by("-approved_at", "-id")
    total = published.count()
    middle = published.values("id", "approved_at")[total // 2]
    deep = f"{middle['approved_at'].isoformat()}_{middle['id']}".replace("+", "%2B")
    source = published.values_list("source_id", flat=True)[total // 3]
    corrected = published.exclude(correction_note="").values_list("id", flat=True)[:1]
    verdict = corrected[0] if corrected else middle["id"]
    return [
        ("/checks/ (public index)", "analyst0", "/checks/"),
        ("/checks/?after=<middle of the list>", "analyst0", f"/checks/?after={deep}"),
        ("/checks/?rating=mixed", "analyst0", "/checks/?rating=mixed"),
        ("/checks/?source=<id>", "analyst0", f"/checks/?source={source}"),
        ("/checks/<id>/ (a corrected verdict)", "analyst0", f"/checks/{verdict}/"),
        ("/checks/feed/ (Atom, 50 verdicts)", "analyst0", "/checks/feed/"),
    ]


SEARCH = "/api/v1/search/"
# Realistic searches: the issue's own (a typo, a figure, a country named in full), a name
# with and without its accent, several words, source texts, evidence, and with a filter.
SEARCHES = [
    {"q": "militants surrendered"},
    {"q": "milittants"},
    {"q": "1000 militants"},
    {"q": "Central African Republic disarmament"},
    {"q": "Touadera"},
    {"q": "hostages released in Bambari"},
    {"q": "militants surrendered", "type": "source"},
    {"q": "ICRC refugees", "type": "evidence"},
    {"q": "hostages", "status": "approved"},
]


def _search_requests() -> list[tuple[str, str, str]]:
    """Return (label, member, url) of each search timed: the API's, and the page once."""
    from urllib.parse import urlencode

    rows = []
    for params in SEARCHES:
        label = "GET /api/v1/search/?" + "&".join(f"{k}={v}" for k, v in params.items())
        rows.append((label, "analyst0", f"{SEARCH}?{urlencode(params)}"))
    rows.append(
        ("/search/?q=militants surrendered", "analyst0", "/search/?q=militants+surrendered")
    )
    return rows


def _time_many(client, urls: list[str]) -> dict:
    """Run GET on each url once, after a warm-up of the first: p50, p95 across them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(urls[0])  # warm-up: caches, the connection, the code paths
    samples: list[float] = []
    queries: list[int] = []
    statuses, sizes = set(), []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            body = response.content
            samples.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured))
        statuses.add(response.status_code)
        sizes.append(len(body))
    return {
        "url": urls[0],
        "status": 200 if statuses == {200} else max(statuses - {200}),
        "n": len(samples),
        "p50": statistics.median(samples),
        "p95": _percentile(samples, 0.95),
        "bytes": statistics.median(sizes),
        "queries": [min(queries), max(queries)],
    }


def _similar_requests() -> list[tuple[str, str, list[str]]]:
    """Return (label, member, urls) of the "checked before?" rows: SIMILAR_CLAIMS claims each."""
    from urllib.parse import urlencode

    from claims.models import Claim

    def sample(claims, n: int = SIMILAR_CLAIMS) -> list[Claim]:
        """Return n claims spread evenly over the id range (the same ones at every run)."""
        ids = claims.order_by("id").values_list("id", flat=True)
        total = ids.count()
        picked = [ids[i * total // n] for i in range(n)] if total else []
        return list(Claim.objects.filter(pk__in=picked).only("id", "quote"))

    every = sample(Claim.objects.all())
    in_review = sample(Claim.objects.filter(status=Claim.Status.IN_REVIEW))
    texts = [urlencode({"text": c.quote}) for c in every]
    return [
        (
            "GET /api/v1/claims/{id}/similar/",
            "analyst0",
            [f"/api/v1/claims/{c.pk}/similar/" for c in every],
        ),
        (
            "GET /api/v1/claims/similar/?text=",
            "analyst0",
            [f"/api/v1/claims/similar/?{q}" for q in texts],
        ),
        (
            "/claims/{id}/similar/?approved=1 (queue precedent)",
            "reviewer0",
            [f"/claims/{c.pk}/similar/?approved=1" for c in in_review],
        ),
        # The claim page computes its "Checked before" section itself.
        (
            "/claims/<id>/ (40 claims of every status)",
            "analyst0",
            [f"/claims/{c.pk}/" for c in every],
        ),
    ]


def _measure_similar(clients: dict) -> dict:
    rows = {}
    for label, member, urls in _similar_requests():
        if urls:
            rows[label] = _time_many(clients[member], urls)
            _log(f"{label}: {rows[label]}")
    return rows


def large_text(chars: int = LARGE_SOURCE_CHARS) -> str:
    """Return a generated interview of about `chars` characters that the importer accepts."""
    from claims.seeding.texts import Pools, build_text
    from sources.importing import MAX_TEXT_BYTES

    rng = random.Random(5)
    text = build_text(
        rng,
        Pools.build(rng, 600),
        kind="interview",
        country="Mali",
        length=chars,
        claims=chars // 250,
        voice="Amadou Sidibé",
        outlet="Sahel Wire",
        intro="Amadou Sidibé, coordinator of the aid programme, in an interview with "
        "Sahel Wire, spoke about security, aid and the elections in Mali.",
        byline="",
    ).text
    while len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        text = text[: text.rindex("\n", 0, len(text) - 1000)]
    return text


def _large_source(client) -> tuple[dict, dict]:
    """Import a 5 MB interview, store its candidates (both timed), and time its reader."""
    from claims.candidates import store_candidates
    from sources.importing import import_text

    text = large_text()
    began = time.perf_counter()
    source = import_text(
        text, title="A 5 MB interview", outlet="Sahel Wire", kind="interview"
    ).source
    imported = time.perf_counter() - began
    began = time.perf_counter()
    stored = store_candidates(source.pk)
    extracted = time.perf_counter() - began
    extract = {
        "bytes": len(text.encode("utf-8")),
        "passages": source.passages.count(),
        "import": imported,
        "extract": extracted,
        "candidates": stored["created"],
    }
    _log(f"import --extract 5 MB: {extract}")
    reader = _time_request(client, f"/sources/{source.pk}/")
    return extract, reader


def _export_queries() -> dict:
    """Return each format's COPY yardstick: the same rows and columns, as plain values."""
    from claims.exports import writers

    plain = getattr(writers, "plain_rows", writers.export_rows)
    queries = {}
    for fmt in EXPORT_TARGETS:
        queryset = writers.export_queryset(fmt, {"status": "approved"})
        sql, params = plain(fmt, queryset).query.sql_with_params()
        queries[fmt] = [sql, list(params)]
    return queries


def _exports(queries: dict, env: dict) -> dict:
    """Export every approved claim in each format in a process of its own, against COPY.

    Run from this small process, not the measuring one: a child's ru_maxrss starts from
    its parent's peak, so a large parent would hide the export's own.
    """
    os.environ.update(env)  # bench_api's helpers read the database from the environment
    work = Path(tempfile.mkdtemp(prefix="claimdesk-scale-"))
    results = {}
    try:
        for fmt, (sql, params) in queries.items():
            copies, runs = [], []
            for _ in range(EXPORT_RUNS):  # taking turns, so load elsewhere hits both alike
                copies.append(_copy(sql, tuple(params), work / f"copy-{fmt}", csv=fmt == "csv"))
                runs.append(_export_in_child(fmt, work / f"export-{fmt}"))
            results[fmt] = {
                "rows": runs[-1]["rows"],
                "seconds": statistics.median(r["seconds"] for r in runs),
                "copy": statistics.median(copies),
                "peak_mb": max(r["peak_kb"] for r in runs) / 1024,
                "before_mb": max(r["before_kb"] for r in runs) / 1024,
                "mb": (work / f"export-{fmt}").stat().st_size / 1e6,
            }
            print(f"export {fmt}: {results[fmt]}", flush=True)
    finally:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    return results


def _counts() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in ("sources_source", "claims_claim", "claims_evidence", "claims_claimevent"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM claims_claim WHERE status = 'approved'")
        counts["approved"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM claims_claim WHERE quote ILIKE %s", [f"%{WORD}%"])
        counts["q"] = cursor.fetchone()[0]
    return counts


def measure() -> None:
    """Measure this database's requests; print the results as one JSON line."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host in with DEBUG off
    clients = {}
    for username in ("analyst0", "reviewer0"):
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    counts = _counts()
    _log(f"measuring: {counts}")
    rows = {}
    for label, member, url in _requests():
        rows[label] = _time_request(clients[member], url)
        _log(f"{label}: {rows[label]}")
    rows |= _measure_similar(clients)
    extract, rows[READER] = _large_source(clients["analyst0"])
    result = {"counts": counts, "rows": rows, "extract": extract, "machine": _machine()}
    print(json.dumps({**result, "export_queries": _export_queries()}))


# --- the report ------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "OK" if ok else "SLOW"


def _report(large: dict, small: dict | None) -> None:
    counts = large["counts"]
    print()
    print(
        f"claim desk at {counts['claims_claim']:,} claims ({counts['approved']:,} approved), "
        f"{counts['sources_source']:,} sources, {counts['claims_evidence']:,} evidence links, "
        f"{counts['claims_claimevent']:,} events; `q={WORD}` matches {counts['q']:,} quotes"
    )
    print(
        f"seed_scale --claims {large['size']:,}: {large['seed_seconds']:.0f} s"
        + (f"; --claims {small['size']:,}: {small['seed_seconds']:.0f} s" if small else "")
    )
    print(f"machine: {large['machine']}")
    print()
    other = f"q@{small['size'] // 1000}k" if small else ""
    print(
        f"{'request':<52} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7} {'queries':>7} "
        f"{other:>7} {'same':>4}  target         verdict"
    )
    for label, row in large["rows"].items():
        reader = label == READER
        searching = label.startswith(("GET /api/v1/search/", "/search/"))
        limit = READER_LIMIT_MS if reader else SEARCH_LIMIT_MS if searching else P95_LIMIT_MS
        if "similar" in label:
            limit = SIMILAR_LIMIT_MS
        ok = row["status"] == 200 and row["p95"] < limit
        target = f"p95<{limit}ms"
        if reader:
            ok = ok and row["bytes"] <= READER_LIMIT_BYTES
            target += ",<=1MB"
        queries = _queries(row)
        there = small["rows"].get(label) if small else None
        same = "" if there is None else "yes" if there["queries"] == row["queries"] else "NO"
        status = "" if row["status"] == 200 else f" (HTTP {row['status']})"
        print(
            f"{label:<52} {row['n']:>3} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['bytes'] / 1024:>7.0f} {queries:>7} {_queries(there) if there else '':>7} "
            f"{same:>4}  {target:<14} {_verdict(ok)}{status}"
        )
    extract = large["extract"]
    total = extract["import"] + extract["extract"]
    print(
        f"{'import --extract 5 MB':<52} {total:>12.1f} s  (import_text {extract['import']:.1f} s,"
        f" store_candidates {extract['extract']:.1f} s, {extract['candidates']:,} candidates, "
        f"{extract['passages']:,} passages)  target <{EXTRACT_LIMIT_S}s  "
        f"{_verdict(total < EXTRACT_LIMIT_S)}"
    )
    if small:
        extract = small["extract"]
        print(
            f"{'  at ' + format(small['size'], ',') + ' claims':<52} "
            f"{extract['import'] + extract['extract']:>12.1f} s"
        )
    _report_exports(large["exports"])


def _queries(row: dict) -> str:
    low, high = row["queries"]
    return str(high) if low == high else f"{low}-{high}"


def _report_exports(exports: dict) -> None:
    if not exports:
        return
    print()
    print(f"exports of every approved claim vs COPY of the same columns, median of {EXPORT_RUNS}")
    print(
        f"{'format':>12} {'rows':>9} {'export s':>9} {'COPY s':>8} {'ratio':>6} {'target':>7} "
        f"{'peak RSS MB':>12} {'file MB':>8}  verdict"
    )
    for fmt, row in exports.items():
        ratio = row["seconds"] / row["copy"]
        ok = ratio <= EXPORT_TARGETS[fmt] and row["peak_mb"] < MEMORY_LIMIT_MB
        print(
            f"{fmt:>12} {row['rows']:>9,} {row['seconds']:>9.2f} {row['copy']:>8.2f} "
            f"{ratio:>5.2f}x {'<=' + str(EXPORT_TARGETS[fmt]) + 'x':>7} {row['peak_mb']:>12.0f} "
            f"{row['mb']:>8.1f}  {_verdict(ok)}"
        )
    before = max(row["before_mb"] for row in exports.values())
    print(f"(peak RSS is the whole exporting process; {before:.0f} MB before the export began)")


def measure_similar() -> None:
    """Time only the "checked before?" rows on the database as it stands; print a table."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    clients = {}
    for username in ("analyst0", "reviewer0"):
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    rows = _measure_similar(clients)
    print(f"{'request':<52} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7} {'queries':>7}  verdict")
    for label, row in rows.items():
        limit = SIMILAR_LIMIT_MS if "similar" in label else P95_LIMIT_MS
        ok = row["status"] == 200 and row["p95"] < limit
        print(
            f"{label:<52} {row['n']:>3} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['bytes'] / 1024:>7.0f} {_queries(row):>7}  p95<{limit}ms {_verdict(ok)}"
        )


def measure_search(requests=None, limit_ms: int = SEARCH_LIMIT_MS) -> None:
    """Time only the searches on the database as it stands (seeded, migrated); print a table."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.force_login(get_user_model().objects.get(username="analyst0"))
    print(f"{'request':<60} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7} {'queries':>7}  verdict")
    for label, _member, url in (requests or _search_requests)():
        row = _time_request(client, url)
        ok = row["status"] == 200 and row["p95"] < limit_ms
        print(
            f"{label:<60} {row['n']:>3} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['bytes'] / 1024:>7.0f} {_queries(row):>7}  p95<{limit_ms}ms "
            f"{_verdict(ok)}",
            flush=True,
        )


def measure_public() -> None:
    """Time only the public pages on the database as it stands; print a table."""
    measure_search(_public_requests, P95_LIMIT_MS)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure()
    elif sys.argv[1:2] == ["--measure-similar"]:
        measure_similar()
    elif sys.argv[1:2] == ["--measure-search"]:
        measure_search()
    elif sys.argv[1:2] == ["--measure-public"]:
        measure_public()
    else:
        main()
