"""Kill -9 a worker mid-job (its pool process, or all of it): each job still finishes once.

A real `celery -A factcheck worker` and `celery -A factcheck beat` run as subprocesses on
Redis against the test database, with the sweep every second. The test holds a lock the job
needs, so the kill always lands mid-way: an export has its `.part` file open, an extraction
has stored some of its candidates.
"""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from claims.candidates import start_extraction
from claims.exports.jobs import start_export
from claims.exports.writers import export_queryset, write_export
from claims.models import Claim, ClaimEvent
from extraction import find_candidates
from sources.importing import import_text
from tests.conftest import CONFIGURED_BROKER, worker_broker_url
from tests.extraction.conftest import GRANARY_PATH

BROKER = CONFIGURED_BROKER
pytestmark = [
    pytest.mark.skipif(
        not BROKER.startswith("redis"),
        reason="the fault test kills real workers on Redis; set CELERY_BROKER_URL=redis://...",
    ),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(settings.BASE_DIR)
EXPORT_ROWS = 2500  # past one progress step (2,000 rows)
APPROVED = {"status": "approved"}  # not the candidates the extraction stores meanwhile


@pytest.fixture
def desk(tmp_path, settings):
    """Start and stop worker and beat processes on this test's database and Redis database."""
    import redis

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    broker = worker_broker_url(BROKER)
    redis.Redis.from_url(broker).flushdb()  # no task of an earlier run is left to deliver
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "MEDIA_ROOT": str(media),
        "JOB_SWEEP_INTERVAL": "1",
        "LOG_LEVEL": "WARNING",
    }
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        log = (tmp_path / f"{args[0]}-{len(started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole, pool included
        )
        started.append(process)
        return process

    class Desk:
        media_root = media

        @staticmethod
        def worker() -> subprocess.Popen:
            return start("worker", "--pool", "prefork", "--concurrency", "2", "-n", "fault@%h")

        @staticmethod
        def kill_whole(process: subprocess.Popen) -> None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    start("beat", "--schedule", str(tmp_path / "beat-schedule"))
    try:
        yield Desk
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _wait(job, done, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if done(job):
            return job
        time.sleep(0.05)
    from factcheck.celery import app

    raise AssertionError(
        f"{what}: still {job.status} ({job.error}) after {timeout} s; "
        f"published to {app.connection_for_write().as_uri()}, eager {app.conf.task_always_eager}"
    )


def _parts(folder: Path) -> list[Path]:
    return list(folder.glob("*.part")) if folder.is_dir() else []


def _pool_process(job) -> int:
    return int(job.worker.rsplit(":", 1)[1])


def _holding(statement: str, params: list) -> psycopg.Connection:
    """Open a transaction of the test's own that holds a lock the job needs until rollback."""
    db = connection.settings_dict
    holder = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    holder.execute(statement, params)
    return holder


@pytest.mark.parametrize("kill", ["pool", "whole"])
def test_jobs_killed_mid_way_finish_once_with_the_rows_of_a_clean_run(desk, analyst, kill):
    from tests.api.test_exports import _approved_fields, _bulk_claims

    # An export past one progress step, and its bytes from a clean run.
    _bulk_claims(EXPORT_ROWS, **_approved_fields())
    clean = io.BytesIO()
    write_export("csv", export_queryset("csv", APPROVED, analyst), clean)
    exports = desk.media_root / "exports"
    # An extraction of some 700 candidates, and the spans of a clean run.
    text = "\n\n".join([GRANARY_PATH.read_text(encoding="utf-8")] * 40)
    source = import_text(text, title="Granary, many times over").source
    expected = sorted(
        (c["start"], c["end"]) for c in find_candidates(source.text, list(source.passages.all()))
    )

    worker = desk.worker()
    extraction = start_extraction(source, actor=analyst)
    _wait(extraction, lambda j: j.done >= 200, "the first candidates to be stored")
    # The extraction's next batch waits for the source row, and the export's COPY for the
    # claims table, both held by the test: the kill lands mid-way through each.
    holders = [_holding("SELECT id FROM sources_source WHERE id = %s FOR UPDATE", [source.pk])]
    try:
        extraction.refresh_from_db()
        assert extraction.status == "running" and 0 < extraction.done < len(expected)
        assert 0 < Claim.objects.filter(source=source).count() < len(expected)
        # (The test reads no claim from here on until it lets go: it would wait on itself.)
        holders.append(_holding("LOCK TABLE claims_claim IN ACCESS EXCLUSIVE MODE", []))
        export = start_export(analyst, "csv", APPROVED)
        _wait(export, lambda j: j.status == "running" and _parts(exports), "export to start")
        assert len(_parts(exports)) == 1 and export.written == 0
        if kill == "pool":
            for job in (export, extraction):
                os.kill(_pool_process(job), signal.SIGKILL)
        else:
            desk.kill_whole(worker)
    finally:
        for holder in holders:
            holder.rollback()
            holder.close()
    if kill == "whole":
        desk.worker()  # the restart

    for job in (export, extraction):
        _wait(job, lambda j: j.status == "done", f"{job} to finish after the kill")
        assert job.error == ""
        # The sweep re-queued what the vanished worker held; a lost pool process's task is
        # delivered again (and perhaps re-queued too, if the sweep saw it first).
        assert job.attempt == 2 if kill == "whole" else job.attempt in (1, 2)

    assert export.written == export.total == EXPORT_ROWS
    assert (exports / f"claims-{export.pk}.csv").read_bytes() == clean.getvalue()
    assert [p.name for p in exports.iterdir()] == [f"claims-{export.pk}.csv"]  # no .part left
    stored = sorted(Claim.objects.filter(source=source).values_list("start", "end"))
    assert stored == expected  # every candidate of a clean run, none twice
    events = ClaimEvent.objects.filter(claim__source=source, action="propose").count()
    assert events == len(expected) and extraction.total == len(expected)

    time.sleep(1.5)  # a sweep or a late delivery changes nothing once they are done
    for job in (export, extraction):
        finished = job.finished_at
        job.refresh_from_db()
        assert (job.status, job.finished_at) == ("done", finished)
