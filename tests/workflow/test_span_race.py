"""Claims moved onto the same words at the same moment: one takes the span, the others are told."""

import threading

from django.db import connection

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.factories import SourceFactory


def test_five_claims_moved_onto_one_span_at_once_give_one_move(transactional_db, analyst):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn, twice.")
    claims = [
        workflow.record_claim(source, actor=analyst, start=0, end=9 + n, kinds=["quantitative"])
        for n in range(5)
    ]
    start_together = threading.Barrier(5)
    outcomes: list[object] = []
    lock = threading.Lock()

    def move(claim: Claim) -> None:
        try:
            start_together.wait(timeout=20)
            workflow.move_claim(claim.pk, actor=analyst, version=1, start=20, end=28)
            outcome: object = claim.pk
        except Exception as exc:  # recorded and asserted below
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=move, args=(claim,)) for claim in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [o for o in outcomes if isinstance(o, int)]
    refusals = [o for o in outcomes if not isinstance(o, int)]
    assert len(winners) == 1 and len(refusals) == 4
    assert all(isinstance(e, workflow.SpanTaken) for e in refusals), refusals
    assert {e.claim_id for e in refusals} == set(winners)
    assert Claim.objects.get(source=source, start=20, end=28).pk == winners[0]
    assert ClaimEvent.objects.filter(action="move").count() == 1
    assert Claim.objects.filter(version=1).count() == 4
