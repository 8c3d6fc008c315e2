"""Where a claim sits in its source's text: moving or trimming its span."""

from django.db import IntegrityError, transaction

from claims.models import Claim
from claims.workflow.base import (
    InvalidAction,
    Status,
    User,
    anchored_claim,
    check_version,
    lock_claim,
    require_analyst,
    save_change,
)

# A span moves only while the claim is being worked on: a candidate is accepted or dismissed
# as the extractor proposed it, and a verdict in review or approved stays on its words.
MOVABLE_STATUSES = {Status.OPEN, Status.IN_RESEARCH}
SPAN_FIELDS = ("start", "end", "quote", "prefix", "suffix")


class SpanTaken(InvalidAction):
    """Another claim already marks exactly this span; `claim_id` says which."""

    def __init__(self, claim_id: int) -> None:
        super().__init__(f"Claim #{claim_id} already marks exactly this span.", field="start")
        self.claim_id = claim_id


def span_holder(source_id: int, start: int, end: int, *, exclude: int | None = None) -> int | None:
    """Return the id of the claim marking exactly text[start:end] of a source, if one does."""
    claims = Claim.objects.filter(source_id=source_id, start=start, end=end)
    if exclude is not None:
        claims = claims.exclude(pk=exclude)
    return claims.values_list("pk", flat=True).first()


def move_claim(claim_id: int | Claim, *, actor: User, version: int, start: int, end: int) -> Claim:
    """Move or trim an open or in-research claim's span; quote and context follow.

    The event records the old and new offsets and quotes. Moving a claim onto the span it
    already has changes nothing and writes nothing. Where the claim's speaker was its old
    passage's, it follows the new passage's.
    """
    require_analyst(actor)
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_version(claim, version)
        if claim.status not in MOVABLE_STATUSES:
            raise InvalidAction(
                f"Only open or in-research claims can be moved; this one is "
                f"{claim.get_status_display().lower()}.",
                field="status",
            )
        moved = anchored_claim(claim.source, start, end)
        if (moved.start, moved.end) == (claim.start, claim.end):
            return claim
        holder = span_holder(claim.source_id, moved.start, moved.end, exclude=claim.pk)
        if holder is not None:
            raise SpanTaken(holder)
        # Both offsets always, old and new; the quote and context where they changed.
        changes = {
            name: [getattr(claim, name), getattr(moved, name)]
            for name in SPAN_FIELDS
            if name in ("start", "end") or getattr(claim, name) != getattr(moved, name)
        }
        old_passage = claim.passage
        if moved.passage_id != claim.passage_id:
            changes["passage"] = [claim.passage_id, moved.passage_id]
            follows = old_passage is None or claim.speaker == old_passage.speaker
            if follows and moved.passage is not None and moved.passage.speaker != claim.speaker:
                changes["speaker"] = [claim.speaker, moved.passage.speaker]
                claim.speaker = moved.passage.speaker
            claim.passage = moved.passage
        for name in SPAN_FIELDS:
            setattr(claim, name, getattr(moved, name))
        try:
            with transaction.atomic():
                save_change(claim, actor, "move", claim.status, changes, "")
        except IntegrityError:
            # A claim took the span between the check and the save.
            holder = span_holder(claim.source_id, moved.start, moved.end, exclude=claim.pk)
            if holder is None:
                raise InvalidAction(
                    "A claim already marks exactly this span.", field="start"
                ) from None
            raise SpanTaken(holder) from None
    return claim
