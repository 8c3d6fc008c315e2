"""Who wrote a claim's verdict or content in its current review round, read from the trail.

A round starts when the claim is first recorded, and again at every approval or reopening.
Anyone whose event in the round changed the claim's content (its span in the text included),
rating or rationale is one of its authors, and four eyes means an author never approves it:
not the analyst who drafted the verdict, nor an admin or reviewer who edited it or moved it
before someone else submitted it.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, Subquery

from claims.models import ClaimEvent
from claims.workflow.base import EDITABLE_FIELDS
from claims.workflow.spans import SPAN_FIELDS

# The events that close one review round and open the next.
ROUND_BOUNDARIES = ("approve", "reopen")
# What an author changes: the editable fields, and the span (a move re-quotes the claim).
CONTENT_KEYS = sorted(EDITABLE_FIELDS.union(SPAN_FIELDS))


def round_authors(claim_ids: Iterable[int]) -> dict[int, set[int]]:
    """Return, per claim, the members who wrote its verdict or content in this round."""
    ids = list(claim_ids)
    if not ids:
        return {}
    boundary = (
        ClaimEvent.objects.filter(claim_id=OuterRef("claim_id"), action__in=ROUND_BOUNDARIES)
        .order_by("-id")
        .values("id")[:1]
    )
    rows = (
        ClaimEvent.objects.filter(
            claim_id__in=ids,
            actor__isnull=False,
            changes__has_any_keys=CONTENT_KEYS,
        )
        .annotate(round_start=Subquery(boundary))
        .filter(Q(round_start__isnull=True) | Q(id__gt=F("round_start")))
        .values_list("claim_id", "actor_id")
        .distinct()
    )
    authors: dict[int, set[int]] = defaultdict(set)
    for claim_id, actor_id in rows:
        authors[claim_id].add(actor_id)
    return {pk: authors.get(pk, set()) for pk in ids}
