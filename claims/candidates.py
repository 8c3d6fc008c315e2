"""Store the extractor's candidate claims for a source: the Celery task and the plain function."""

from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import partial

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from claims.jobs.control import begin_run, send
from claims.jobs.lease import hold
from claims.jobs.models import ExtractionJob
from claims.workflow import propose_candidates
from extraction import find_candidates
from sources.models import Source

BATCH = 200  # candidates stored per transaction, so progress shows on long texts

Progress = Callable[[int, int, int], None]  # (done, total, created)


def store_candidates(source_id: int, *, progress: Progress | None = None) -> dict:
    """Extract and store a source's candidates; spans it already has are left as they are."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return {"source_id": source_id, "found": 0, "created": 0, "error": "no such source"}
    passages = list(source.passages.all())
    held = HeldSpans(source.claims.values_list("start", "end"))
    candidates = [c for c in find_candidates(source.text, passages or None) if not held.covers(c)]
    created = 0
    for done in range(0, len(candidates), BATCH):
        created += propose_candidates(source, candidates[done : done + BATCH])
        _replan_checks()
        if progress:
            progress(min(done + BATCH, len(candidates)), len(candidates), created)
    return {"source_id": source_id, "found": len(candidates), "created": created}


def _replan_checks() -> None:
    """Have PostgreSQL plan its foreign-key checks again, for the claim table as it now is.

    The checks on new claims and events run at each batch's commit, from plans the session
    keeps. Planned while the claim table held a few rows, they read the whole table for each
    new row, and they are kept while a long text's thousands of candidates go in: on a new
    desk, storing a 5 MB interview after a short one took five times as long. Forgetting the
    plans after each batch costs a few plans a batch.
    """
    with connection.cursor() as cursor:
        cursor.execute("DISCARD PLANS")


class HeldSpans:
    """The spans a source's claims already mark, sorted so a candidate meets only its neighbours."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.exact = set(self.spans)
        self.starts = [start for start, _ in self.spans]
        self.longest = max((end - start for start, end in self.spans), default=0)

    def covers(self, candidate: dict) -> bool:
        """Whether a claim already marks much the same clause (the candidate is then left out).

        A candidate at exactly a held span is kept: storing it again changes nothing.
        """
        start, end = candidate["start"], candidate["end"]
        if (start, end) in self.exact:
            return False
        # Only spans starting less than the longest span before the candidate can reach it.
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return any(_same_clause(candidate, *span) for span in self.spans[first:last])


def _same_clause(candidate: dict, start: int, end: int) -> bool:
    """Whether a candidate and a claim already held share at least half of each span."""
    shared = min(candidate["end"], end) - max(candidate["start"], start)
    return shared * 2 >= end - start and shared * 2 >= candidate["end"] - candidate["start"]


def start_extraction(source: Source, *, actor: AbstractBaseUser | None = None) -> ExtractionJob:
    """Record an extraction job for the source and queue it once the record is committed.

    With no broker the task runs in-process as the transaction commits, so the job returned
    is already finished (refresh it to see).
    """
    with transaction.atomic():
        job = ExtractionJob.objects.create(
            source=source, created_by=actor, heartbeat_at=timezone.now()
        )
        transaction.on_commit(partial(send, job), robust=True)
    return job


def run_extraction(job_id: int, attempt: int | None = None) -> ExtractionJob | None:
    """Run an extraction job, its progress on the job row; None when this delivery runs nothing."""
    with hold(ExtractionJob, job_id, wait=settings.JOB_LEASE_WAIT) as lease:
        if lease is None or (job := begin_run(ExtractionJob, job_id, attempt)) is None:
            return None

        def report(done: int, total: int, created: int) -> None:
            lease.report(done=done, total=total, created=created)

        try:
            result = store_candidates(job.source_id, progress=report)
            if "error" in result:
                raise LookupError(result["error"])
        except Exception as exc:
            job.status, job.error, job.finished_at = (
                ExtractionJob.Status.FAILED,
                str(exc),
                timezone.now(),
            )
            job.save(update_fields=["status", "error", "finished_at"])
            raise
        job.status, job.finished_at = ExtractionJob.Status.DONE, timezone.now()
        job.total = job.done = result["found"]
        job.created = result["created"]
        job.save(update_fields=["status", "finished_at", "total", "done", "created"])
        return job


@shared_task(bind=True)
def extract_candidates(
    self, source_id: int, job_id: int | None = None, attempt: int | None = None
) -> dict:
    """Store the candidate claims of a source; running it again adds nothing.

    With a job id the run is that job's (progress on its row, see `start_extraction`).
    """
    if job_id is not None:
        job = run_extraction(int(job_id), attempt)
        if job is None:
            return {"source_id": source_id, "job_id": job_id, "skipped": True}
        return {"source_id": source_id, "found": job.total, "created": job.created}

    def report(done: int, total: int, created: int) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(
                state="PROGRESS", meta={"done": done, "total": total, "created": created}
            )

    return store_candidates(int(source_id), progress=report)
