"""How well "checked before?" finds the same claim, on the labelled set tests/data/matching.json.

`make bench BENCH=matching`. Rebuilds the database `claimdesk_matching` beside the
configured one (or in the embedded server), migrates it and fills it with noise from
`manage.py seed_scale --claims NOISE` (default 20,000: claims of the same genre, places
and figures). Then, in a process bound to it and inside one transaction rolled back at the
end: each item's earlier claim is recorded (with the fields the extractor reads from it,
the set's tags, speaker, statement, status and rating), then the distractors (later than
every earlier claim). Each paraphrase is recorded as a new claim in a savepoint, its
similar list computed (`claims.similar.similar_claims`) and the savepoint rolled back.

Printed per split of the set (dev: what the scoring was tuned on; test: held out):
- recall@5: the share of paraphrases whose earlier claim is among the first five matches;
- MRR: the mean of 1/rank of that claim (0 when it is not listed at all);
- distractors matched `strong`: the share of distractors with a `strong` match to any of
  the set's earlier claims (none of which they paraphrase).
Targets: recall@5 >= 0.9, at most 1 distractor in 10 `strong`.

`MATCHING_SPLIT=dev` scores one split only (what tuning looks at); `MATCHING_REUSE=1`
reuses the database of the last run; `MATCHING_SHOW=1` lists every miss and strong
distractor with its scores.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_api import _base_url, _percentile, _with_database

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "data" / "matching.json"
DB = "claimdesk_matching"
RECALL_TARGET, STRONG_SHARE_LIMIT = 0.9, 0.1
TOP = 5


def main() -> None:
    """Build the noise database (unless reused), measure in a process bound to it, report."""
    base = _base_url()
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(base, DB),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "ERROR",
    }
    if os.environ.get("MATCHING_REUSE") != "1":
        _build(base, env, int(os.environ.get("NOISE", "20000")))
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_matching", "--measure"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    _report(json.loads(result.stdout.strip().splitlines()[-1]))


def _build(base: str, env: dict, noise: int) -> None:
    import psycopg

    with psycopg.connect(_with_database(base, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    print(f"== seeding {DB} with {noise:,} noise claims", flush=True)
    subprocess.run([*manage, "seed_scale", "--claims", str(noise)], env=env, check=True)


# --- inside the process bound to the benchmark database --------------------------------


def _record(item: dict, *, role: str, status: str, rating: str, analyst) -> "object":
    """Record one sentence of the set as a claim of its own source, as an analyst would."""
    import hashlib

    from claims.models import Claim
    from claims.similar.features import extracted
    from claims.workflow.edits import candidate_bounds
    from sources.models import Source

    quote = item["quote"]
    source = Source.objects.create(
        title=f"Matching set: {role}",
        kind=Source.Kind.ARTICLE,
        text=quote,
        sha256=hashlib.sha256(quote.encode()).hexdigest(),
    )
    found = extracted(quote)
    low, high = candidate_bounds(*found.get("bounds", (None, None)))
    kinds = [Claim.Kind.QUANTITATIVE] if low is not None or high is not None else []
    if found.get("attributed_to"):
        kinds.append(Claim.Kind.ATTRIBUTIVE)
    return Claim.objects.create(
        source=source,
        start=0,
        end=len(quote),
        quote=quote,
        speaker=item.get("speaker", ""),
        statement=item.get("statement", ""),
        kinds=kinds or [Claim.Kind.ATTRIBUTIVE],
        status=status,
        rating=rating,
        tags=item.get("tags", []),
        unit=(found.get("unit") or "")[:100],
        value_low=low,
        value_high=high,
        place=(found.get("place") or "")[:200],
        period=found.get("period", "")[:100],
        attributed_to=(found.get("attributed_to") or "")[:200],
        created_by=analyst,
    )


def _row(match) -> dict:
    return {"id": match.id, "score": match.score, "strength": match.strength, "quote": match.quote}


def measure() -> None:
    """Load the set, score every paraphrase and distractor, print the results as one JSON line."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from claims.models import Claim
    from claims.similar import similar_claims

    data = json.loads(SET.read_text(encoding="utf-8"))
    only = os.environ.get("MATCHING_SPLIT")
    analyst = get_user_model().objects.get(username="analyst0")
    noise = Claim.objects.filter(status__in=["open", "in_research", "in_review", "approved"])
    results: dict = {"noise_claims": Claim.objects.count(), "noise_recorded": noise.count()}
    splits: dict = {}
    timings: list[float] = []

    def similar(claim):
        began = time.perf_counter()
        found = similar_claims(claim, user=analyst, limit=20)
        timings.append((time.perf_counter() - began) * 1000)
        return found

    with transaction.atomic():
        items = [i for i in data["items"] if not only or i["split"] == only]
        bases = {}
        for item in items:
            if item["base"]:
                base = item["base"]
                bases[item["id"]] = _record(
                    base,
                    role=f"{item['id']} base",
                    status=base.get("status", "approved"),
                    rating=base.get("rating", ""),
                    analyst=analyst,
                )
        base_ids = {claim.pk for claim in bases.values()}
        distractors = [
            (item, _record(d, role=f"{item['id']} distractor", status="open", rating="",
                           analyst=analyst))
            for item in items
            for d in item["distractors"]
        ]  # fmt: skip
        for item in items:
            split = splits.setdefault(
                item["split"], {"ranks": [], "misses": [], "strong": [], "distractors": 0}
            )
            for paraphrase in item["paraphrases"]:
                sid = transaction.savepoint()
                claim = _record(
                    paraphrase, role=f"{item['id']} paraphrase", status="open", rating="",
                    analyst=analyst,
                )  # fmt: skip
                found = similar(claim)
                transaction.savepoint_rollback(sid)
                ids = [m.id for m in found]
                rank = ids.index(bases[item["id"]].pk) + 1 if bases[item["id"]].pk in ids else 0
                split["ranks"].append(rank)
                if not rank or rank > TOP:
                    split["misses"].append(
                        {"item": item["id"], "quote": paraphrase["quote"], "rank": rank,
                         "top": [_row(m) for m in found[:3]]}
                    )  # fmt: skip
                elif rank:
                    match = found[rank - 1]
                    split.setdefault("found", []).append(
                        {"item": item["id"], "rank": rank, "score": match.score,
                         "strength": match.strength, "reasons": match.reasons}
                    )  # fmt: skip
        for item, claim in distractors:
            split = splits[item["split"]]
            split["distractors"] += 1
            strong = [m for m in similar(claim) if m.strength == "strong" and m.id in base_ids]
            if strong:
                split["strong"].append(
                    {"item": item["id"], "quote": claim.quote,
                     "matches": [_row(m) | {"reasons": m.reasons} for m in strong]}
                )  # fmt: skip
        transaction.set_rollback(True)
    results["splits"] = splits
    results["timing"] = {
        "n": len(timings),
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
    }
    results["server"] = connection.cursor().connection.info.server_version
    print(json.dumps(results, default=str))


def _report(results: dict) -> None:
    show = os.environ.get("MATCHING_SHOW") == "1"
    print()
    print(
        f"matching set {SET.relative_to(ROOT)} against {results['noise_claims']:,} noise claims "
        f"({results['noise_recorded']:,} recorded); similar list p50 "
        f"{results['timing']['p50']:.1f} ms, p95 {results['timing']['p95']:.1f} ms "
        f"over {results['timing']['n']} calls"
    )
    print(
        f"{'split':<6} {'paraphrases':>11} {'recall@5':>9} {'MRR':>6} {'distractors':>12} "
        f"{'strong':>7} {'share':>6}  verdict"
    )
    for name in ("dev", "test"):
        split = results["splits"].get(name)
        if not split:
            continue
        ranks = split["ranks"]
        recall = sum(1 for r in ranks if 0 < r <= TOP) / len(ranks)
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        share = len(split["strong"]) / split["distractors"] if split["distractors"] else 0
        ok = recall >= RECALL_TARGET and share <= STRONG_SHARE_LIMIT
        print(
            f"{name:<6} {len(ranks):>11} {recall:>9.3f} {mrr:>6.3f} {split['distractors']:>12} "
            f"{len(split['strong']):>7} {share:>6.3f}  {'OK' if ok else 'MISSED'}"
        )
        if show:
            for miss in split["misses"]:
                print(f"  miss {miss['item']} rank {miss['rank']}: {miss['quote']}")
                for top in miss["top"]:
                    print(f"      {top['score']:.3f} {top['strength']:<8} {top['quote'][:90]}")
            for strong in split["strong"]:
                print(f"  strong distractor {strong['item']}: {strong['quote']}")
                for match in strong["matches"]:
                    print(f"      {match['score']:.3f} {match['quote'][:80]} {match['reasons']}")
            for found in split.get("found", []):
                print(f"  found {found['item']} rank {found['rank']} {found['score']:.3f} "
                      f"{found['strength']} {found['reasons']}")  # fmt: skip
    print(f"targets: recall@5 >= {RECALL_TARGET}, distractors strong <= {STRONG_SHARE_LIMIT}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure()
    else:
        main()
