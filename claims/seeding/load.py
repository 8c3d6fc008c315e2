"""Write the synthetic desk into PostgreSQL: COPY, one transaction per batch of sources.

Rows go in with their final values (a source's text and sha256 before any claim points at
it; a claim with its final status), through plain COPY ... FROM STDIN, so every trigger on
the tables runs as for any insert: the audit guard, the text guard and any counters kept
by triggers follow. Ids are given explicitly; the sequences are moved past them at the end.
"""

import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from queue import Queue
from threading import Thread

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from claims.members import create_member
from claims.models import Claim, ClaimEvent, Evidence
from claims.seeding.history import Ids, Members, claim_history, pick_status
from claims.seeding.metadata import (
    OutletRow,
    describe,
    outlets,
    plan_sources,
    speakers,
    taken_outlet_names,
)
from claims.seeding.texts import Pools, build_text
from sources.models import Outlet, Passage, Source

BATCH_CLAIMS = 25_000  # claims written per transaction
SPEAKERS = 300
CONTEXT_CHARS = 32

# The columns written, in the order the row tuples give them.
COLUMNS = {
    Outlet: ["id", "name", "homepage", "country", "reliability", "reliability_note"],
    Source: ["id", "title", "url", "archive_url", "outlet_id", "authors", "published_at",
             "accessed_at", "language", "kind", "text", "sha256", "created_by_id", "created_at"],
    Passage: ["id", "source_id", "position", "start", "end", "role", "speaker"],
    Claim: ["id", "source_id", "passage_id", "start", "end", "quote", "prefix", "suffix",
            "speaker", "kinds", "statement", "origin", "status", "rating", "rationale",
            "correction_note", "tags", "quantity_text", "value_low", "value_high", "qualifier",
            "unit", "period", "place", "attributed_to", "attribution_verb", "attributed_content",
            "attribution_status", "assignee_id", "created_by_id", "submitted_by_id",
            "reviewed_by_id", "created_at", "updated_at", "submitted_at", "reviewed_at",
            "approved_at", "first_approved_at", "version"],
    Evidence: ["id", "claim_id", "source_id", "stance", "excerpt", "locator", "source_figure",
               "figure_low", "figure_high", "figure_unit", "credibility", "note", "created_by_id",
               "created_at"],
    ClaimEvent: ["id", "claim_id", "actor_id", "created_at", "action", "from_status",
                 "to_status", "comment", "changes"],
}  # fmt: skip
TABLES = [Outlet, Source, Passage, Claim, Evidence, ClaimEvent]

Progress = Callable[[str], None]


class SeedProblem(Exception):
    """The database cannot be seeded; the message says why in one line."""


@dataclass(frozen=True)
class Plan:
    claims: int
    sources: int
    outlets: int
    analysts: int
    reviewers: int
    password: str | None = None
    seed: int = 1
    batch_claims: int = BATCH_CLAIMS


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def seed(plan: Plan, progress: Progress = lambda message: None) -> Summary:
    """Fill an empty desk with plan's synthetic data; refuse one that already holds claims."""
    began = time.perf_counter()
    if connection.in_atomic_block:
        raise SeedProblem("seed_scale commits as it goes: run it outside a transaction")
    if Claim.objects.exists():
        raise SeedProblem(
            f"the database already holds {Claim.objects.count():,} claims; "
            "seed_scale fills an empty one"
        )
    extras = {model: _extra_values(model) for model in TABLES}
    rng = random.Random(plan.seed)
    now = timezone.now()
    members = _members(plan)
    ids = Ids(*(_next_id(model) for model in TABLES))
    # About ten claims a claim sentence at a million: repeated talking points, not clones.
    pools = Pools.build(rng, min(25_000, max(50, plan.claims // 40)))
    progress(f"sentence pools ready ({time.perf_counter() - began:.1f} s)")
    outlet_rows = outlets(rng, plan.outlets, ids.outlet, taken_outlet_names())
    outlet_refs = [OutletRow(row[0], row[1], row[2].split("/")[2]) for row in outlet_rows]
    voices = speakers(rng, SPEAKERS)
    planned = plan_sources(rng, plan.sources, plan.claims, ids.source, now)

    def batches() -> Iterator[dict]:
        batch: list = []
        for source in planned:
            batch.append(source)
            # Evidence points at sources written so far, so a batch holds at least two.
            full = sum(p.claims for p in batch) >= plan.batch_claims and len(batch) > 1
            if full or source is planned[-1]:
                yield _rows(
                    rng, batch, plan, pools, voices, outlet_refs, members, ids, now, planned[0].id
                )
                batch = []

    summary = Summary()
    summary.counts["analysts"], summary.counts["reviewers"] = plan.analysts, plan.reviewers

    def written(rows: dict) -> None:
        for model, table_rows in rows.items():
            summary.counts[model._meta.db_table] += len(table_rows)
        summary.statuses.update(row[COLUMNS[Claim].index("status")] for row in rows[Claim])
        progress(
            f"{summary.counts['claims_claim']:,}/{plan.claims:,} claims, "
            f"{summary.counts['sources_source']:,}/{plan.sources:,} sources "
            f"({time.perf_counter() - began:.0f} s)"
        )

    _write_while_building(_with_outlets(batches(), outlet_rows), extras, written)
    _move_sequences()
    progress(f"vacuum analyze ({time.perf_counter() - began:.0f} s)")
    _vacuum_analyze()
    summary.seconds = time.perf_counter() - began
    return summary


def _with_outlets(batches: Iterator[dict], outlet_rows: list[tuple]) -> Iterator[dict]:
    """Put the outlets in the first batch: a failure there leaves nothing behind."""
    for number, rows in enumerate(batches):
        rows[Outlet] = outlet_rows if number == 0 else []
        yield rows


def _write_while_building(
    batches: Iterator[dict], extras: dict, written: Callable[[dict], None]
) -> None:
    """COPY each batch in a transaction of its own, in a thread, while the next is built.

    Building rows is Python's work and writing them mostly PostgreSQL's: side by side they
    use both cores. The thread has a database connection of its own and closes it at the end.
    """
    handoff: Queue = Queue(maxsize=1)
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while (rows := handoff.get()) is not None:
                if not failures:
                    _write(rows, extras)
                    written(rows)
        except BaseException as exc:  # handed to the building thread, raised there
            failures.append(exc)
            while handoff.get() is not None:
                pass
        finally:
            connection.close()

    thread = Thread(target=writer, name="seed-writer")
    thread.start()
    try:
        for rows in batches:
            if failures:
                break
            handoff.put(rows)
    finally:
        handoff.put(None)
        thread.join()
    if failures:
        raise failures[0]


def _write(rows: dict, extras: dict) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # A crash loses at most the batch, and the trigram indexes take rows in bulk.
        cursor.execute("SET LOCAL synchronous_commit TO off")
        cursor.execute("SET LOCAL gin_pending_list_limit TO '1GB'")
        cursor.execute("SET LOCAL work_mem TO '256MB'")
        for model in TABLES:
            if rows[model]:
                _copy(cursor, model, rows[model], extras)


def _rows(rng, batch, plan, pools, voices, outlet_refs, members, ids, now, first_source) -> dict:
    """Build the rows of a batch of sources: the sources, their passages, claims, evidence."""
    rows: dict = {model: [] for model in TABLES}
    for source in batch:
        voice = rng.choice(voices)
        outlet = rng.choice(outlet_refs)
        meta = describe(rng, source, voice, outlet)
        written = build_text(
            rng,
            pools,
            kind=source.kind,
            country=source.country,
            length=source.length,
            claims=source.claims,
            voice=voice[0],
            outlet=outlet.name,
            intro=meta["intro"],
            byline=meta["byline"],
        )
        text = written.text
        rows[Source].append(
            (
                source.id, meta["title"], meta["url"], meta["archive_url"], outlet.id,
                meta["authors"], (source.created_at - timedelta(days=rng.randint(0, 20))).date(),
                source.created_at, "en", source.kind, text,
                hashlib.sha256(text.encode("utf-8")).hexdigest(), rng.choice(members.analysts),
                source.created_at,
            )
        )  # fmt: skip
        first_passage = ids.passage
        for position, passage in enumerate(written.passages):
            rows[Passage].append(
                (ids.passage, source.id, position, passage.start, passage.end, passage.role,
                 passage.speaker)
            )  # fmt: skip
            ids.passage += 1
        for anchor in written.anchors:
            history = claim_history(
                rng,
                claim_id=ids.claim,
                anchor=anchor,
                status=pick_status(rng),
                source_id=source.id,
                evidence_sources=range(first_source, batch[-1].id + 1),
                created_at=source.created_at + timedelta(seconds=rng.uniform(5, 120)),
                now=now,
                members=members,
                ids=ids,
            )
            rows[Claim].append(
                _claim_row(ids.claim, source.id, first_passage, anchor, text, history.claim)
            )
            rows[Evidence].extend(history.evidence)
            rows[ClaimEvent].extend(history.events)
            ids.claim += 1
        ids.source += 1
    return rows


def _claim_row(claim_id, source_id, first_passage, anchor, text, claim) -> tuple:
    start, end = anchor.start, anchor.end
    f = anchor.prototype.fields
    return (
        claim_id, source_id, first_passage + anchor.passage, start, end, text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS],
        anchor.speaker[:200], f["kinds"], claim["statement"], claim["origin"], claim["status"],
        claim["rating"], claim["rationale"], claim["correction_note"], anchor.prototype.tags,
        f["quantity_text"], f["value_low"], f["value_high"], f["qualifier"], f["unit"],
        f["period"], f["place"], f["attributed_to"], f["attribution_verb"],
        f["attributed_content"], claim["attribution_status"], claim["assignee_id"],
        claim["created_by_id"], claim["submitted_by_id"], claim["reviewed_by_id"],
        claim["created_at"], claim["updated_at"], claim["submitted_at"], claim["reviewed_at"],
        claim["approved_at"], claim["first_approved_at"], claim["version"],
    )  # fmt: skip


def _members(plan: Plan) -> Members:
    """Create analyst0.. and reviewer0.. through create_member, so they hold their roles.

    Without a password they get an unusable one. With one, it is hashed once and shared:
    hashing it afresh for each of dozens of members would cost most of a small seed's time.
    """
    names = {"analyst": [f"analyst{i}" for i in range(plan.analysts)]}
    names["reviewer"] = [f"reviewer{i}" for i in range(plan.reviewers)]
    with transaction.atomic():
        for role, usernames in names.items():
            for username in usernames:
                create_member(username, role, None)
        users = get_user_model().objects.filter(
            username__in=[*names["analyst"], *names["reviewer"]]
        )
        if plan.password:
            users.update(password=make_password(plan.password))
        ids = dict(users.values_list("username", "id"))
    return Members([ids[n] for n in names["analyst"]], [ids[n] for n in names["reviewer"]])


def _next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(max(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _extra_values(model: type[models.Model]) -> tuple:
    """Values for the columns of model that COLUMNS does not list (added since it was written).

    A column with a database default is left to it; one with a Django default or that may
    be null gets that; any other stops the seed with its name, before anything is written.
    """
    known = set(COLUMNS[model])
    values = []
    for f in model._meta.concrete_fields:
        if (
            f.column in known
            or getattr(f, "generated", False)
            or f.db_default is not models.NOT_PROVIDED
        ):
            continue
        if f.has_default() or f.null:
            values.append((f.column, f.get_db_prep_save(f.get_default(), connection)))
        else:
            raise SeedProblem(
                f"seed_scale does not know how to fill {model._meta.db_table}.{f.column}"
            )
    return tuple(values)


def _copy(cursor, model: type[models.Model], rows: Iterable[tuple], extras: dict) -> None:
    extra = extras[model]
    columns = [*COLUMNS[model], *(name for name, _ in extra)]
    values = tuple(value for _, value in extra)
    names = ", ".join(f'"{name}"' for name in columns)
    with cursor.cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
        if values:
            for row in rows:
                copy.write_row(row + values)
        else:
            for row in rows:
                copy.write_row(row)


def _move_sequences() -> None:
    with connection.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} "
                "HAVING max(id) IS NOT NULL"
            )


def _vacuum_analyze() -> None:
    """VACUUM ANALYZE the desk's tables, as autovacuum would have done by now on a live desk."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND ("
            r"tablename LIKE 'claims\_%' OR tablename LIKE 'sources\_%' OR tablename = 'auth_user')"
        )
        tables = [name for (name,) in cursor.fetchall()]
        # Memory to fold the trigram indexes' pending entries in with few passes.
        cursor.execute("SET maintenance_work_mem TO '512MB'")
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
        cursor.execute("RESET maintenance_work_mem")
