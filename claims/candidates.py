"""Store the extractor's candidate claims for a source: the Celery task and the plain function."""

from bisect import bisect_left
from collections.abc import Callable, Iterable

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
    held = HeldSpans(source.claims.values_list("start", "end"))
    candidates = [c for c in find_candidates(source.text, passages or None) if not held.covers(c)]
    created = 0
    for done in range(0, len(candidates), BATCH):
        created += propose_candidates(source, candidates[done : done + BATCH])
        if progress:
            progress(min(done + BATCH, len(candidates)), len(candidates), created)
    return {"source_id": source_id, "found": len(candidates), "created": created}


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


@shared_task(bind=True)
def extract_candidates(self, source_id: int) -> dict:
    """Store the candidate claims of a source; running it again adds nothing."""

    def report(done: int, total: int, created: int) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(
                state="PROGRESS", meta={"done": done, "total": total, "created": created}
            )

    return store_candidates(int(source_id), progress=report)
