"""Store the extractor's candidate claims for a source: the Celery task and the plain function."""

from collections.abc import Callable

from celery import shared_task

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
    held = list(source.claims.values_list("start", "end"))
    candidates = [
        c
        for c in find_candidates(source.text, passages or None)
        if (c["start"], c["end"]) in held or not any(_same_clause(c, s, e) for s, e in held)
    ]
    created = 0
    for done in range(0, len(candidates), BATCH):
        created += propose_candidates(source, candidates[done : done + BATCH])
        if progress:
            progress(min(done + BATCH, len(candidates)), len(candidates), created)
    return {"source_id": source_id, "found": len(candidates), "created": created}


def _same_clause(candidate: dict, start: int, end: int) -> bool:
    """Whether a candidate and a claim already held share at least half of each span."""
    shared = min(candidate["end"], end) - max(candidate["start"], start)
    return shared * 2 >= end - start and shared * 2 >= candidate["end"] - candidate["start"]


@shared_task(bind=True)
def extract_candidates(self, source_id: int) -> dict:
    """Store the candidate claims of a source; running it again adds nothing."""

    def report(done: int, total: int, created: int) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(
                state="PROGRESS", meta={"done": done, "total": total, "created": created}
            )

    return store_candidates(int(source_id), progress=report)
