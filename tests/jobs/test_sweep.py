"""The sweep: jobs whose run died are queued again (or failed), stalled ones failed."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from claims.exports.jobs import export_dir, run_job
from claims.jobs.control import sweep_jobs
from claims.models import Claim, ExportJob, ExtractionJob
from claims.workflow import propose_candidates
from extraction import find_candidates
from sources.importing import import_text
from tests.extraction.conftest import GRANARY_PATH
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _ago(seconds: int):
    return timezone.now() - timedelta(seconds=seconds)


def _running_export(analyst, **fields) -> ExportJob:
    fields = {"status": "running", "heartbeat_at": _ago(5), **fields}
    if fields["status"] == "running":
        fields.setdefault("started_at", _ago(5))
    return ExportJob.objects.create(format="jsonl", created_by=analyst, **fields)


def _part_file(job: ExportJob) -> Path:
    path = export_dir() / f"claims-{job.pk}.jsonl.abc123.part"
    path.write_bytes(b'{"id": 1}\n{"id"')
    return path


def test_a_running_export_whose_run_died_is_queued_again_and_then_finishes(
    analyst, eager_tasks, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(status="approved", rating="true", approved_at=timezone.now())
    job = _running_export(analyst, written=2000, total=5000)
    leftover = _part_file(job)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert sweep_jobs() == {"requeued": 1, "failed": 0}

    assert len(queued) == 1 and not leftover.exists()
    job.refresh_from_db()
    # The eager run of the new attempt finished it; nothing of the dead run is left.
    assert (job.status, job.attempt, job.written, job.error) == ("done", 2, 1, "")
    assert [p.name for p in export_dir().iterdir()] == [f"claims-{job.pk}.jsonl"]
    record = json.loads((export_dir() / f"claims-{job.pk}.jsonl").read_text())
    assert record["id"] == claim.pk


def test_a_delivery_of_an_older_attempt_runs_nothing(analyst):
    job = _running_export(analyst, status="queued", attempt=3)

    assert run_job(job.pk, attempt=2) is None

    job.refresh_from_db()
    assert (job.status, job.started_at, job.file) == ("queued", None, "")
    assert run_job(job.pk, attempt=3).status == "done"


def test_a_live_run_is_left_alone_until_it_stops_reporting(analyst, live_run, settings):
    settings.JOB_STALL_TIMEOUT = 60
    job = _running_export(analyst, heartbeat_at=_ago(30))
    leftover = _part_file(job)

    with live_run(job):
        assert sweep_jobs() == {"requeued": 0, "failed": 0}
        job.refresh_from_db()
        assert (job.status, job.attempt) == ("running", 1)

        ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=_ago(61))
        assert sweep_jobs() == {"requeued": 0, "failed": 1}

    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("No progress for 60 s")
    assert job.finished_at is not None
    assert leftover.exists()  # the stuck run may still be writing it


def test_a_live_run_holding_its_job_cannot_be_started_twice(analyst, live_run, settings):
    settings.JOB_LEASE_WAIT = 0.2
    job = _running_export(analyst, status="queued")
    with live_run(job):
        assert run_job(job.pk, attempt=1) is None
    job.refresh_from_db()
    assert job.status == "queued" and job.started_at is None


def test_a_job_whose_run_died_too_often_is_failed_and_its_part_file_removed(analyst, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    job = _running_export(analyst, attempt=2)
    leftover = _part_file(job)

    assert sweep_jobs() == {"requeued": 0, "failed": 1}

    job.refresh_from_db()
    assert job.status == "failed" and "tried 2 times" in job.error
    assert not leftover.exists()


def test_a_queued_job_no_worker_took_is_sent_again_after_the_stall_timeout(
    analyst, settings, django_capture_on_commit_callbacks
):
    settings.JOB_STALL_TIMEOUT = 60
    recent = _running_export(analyst, status="queued", heartbeat_at=_ago(30))
    lost = _running_export(analyst, status="queued", heartbeat_at=_ago(90))

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert sweep_jobs() == {"requeued": 1, "failed": 0}

    assert len(queued) == 1
    recent.refresh_from_db()
    lost.refresh_from_db()
    assert (recent.status, recent.attempt) == ("queued", 1)
    assert (lost.status, lost.attempt) == ("queued", 2)
    assert lost.heartbeat_at > _ago(5)


def test_finished_and_failed_jobs_are_not_swept(analyst):
    done = _running_export(analyst, status="done", heartbeat_at=_ago(99999))
    failed = _running_export(analyst, status="failed", heartbeat_at=_ago(99999))

    assert sweep_jobs() == {"requeued": 0, "failed": 0}

    assert ExportJob.objects.get(pk=done.pk).status == "done"
    assert ExportJob.objects.get(pk=failed.pk).status == "failed"


def test_an_extraction_whose_run_died_is_queued_again_and_stores_each_candidate_once(
    analyst, eager_tasks, django_capture_on_commit_callbacks
):
    source = import_text(GRANARY_PATH.read_text(encoding="utf-8"), title="Granary").source
    candidates = find_candidates(source.text, list(source.passages.all()))
    half = len(candidates) // 2
    propose_candidates(source, candidates[:half])  # what a run stored before it died
    job = ExtractionJob.objects.create(
        source=source, status="running", heartbeat_at=_ago(5), total=len(candidates), done=half
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_jobs() == {"requeued": 1, "failed": 0}

    job.refresh_from_db()
    assert (job.status, job.attempt, job.total) == ("done", 2, len(candidates))
    assert job.created == len(candidates) - half > 0
    stored = sorted(Claim.objects.filter(source=source).values_list("start", "end"))
    assert stored == sorted((c["start"], c["end"]) for c in candidates)
