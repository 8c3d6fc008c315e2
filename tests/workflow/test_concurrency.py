"""Reviewers pressing approve at the same moment give exactly one approval."""

import threading

from django.db import connection

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.factories import ClaimFactory, SourceFactory
from tests.workflow.conftest import claim_in


def test_ten_simultaneous_approvals_give_one_approval_and_nine_conflicts(
    transactional_db, analyst, reviewer
):
    claim = claim_in(Claim.Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    seen_version = claim.version
    start_together = threading.Barrier(10)
    outcomes: list[object] = []
    lock = threading.Lock()

    def approve() -> None:
        try:
            start_together.wait(timeout=20)
            workflow.apply_action(claim.pk, "approve", actor=reviewer, version=seen_version)
            outcome: object = "approved"
        except Exception as exc:  # recorded and asserted below
            outcome = exc
        finally:
            connection.close()  # each thread had its own connection
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=approve) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 10
    assert outcomes.count("approved") == 1
    errors = [o for o in outcomes if o != "approved"]
    assert all(isinstance(e, workflow.StaleVersion) for e in errors), errors
    assert all(e.status_code == 409 for e in errors)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert claim.version == seen_version + 1
    assert ClaimEvent.objects.filter(claim=claim, action="approve").count() == 1


def test_two_bulk_dismissals_over_the_same_claims_dismiss_each_once(
    transactional_db, analyst, analyst2
):
    source = SourceFactory(text="word " * 40)
    claims = [
        ClaimFactory(source=source, start=i * 5, end=i * 5 + 4, status=Claim.Status.CANDIDATE)
        for i in range(8)
    ]
    # Each request names the claims in its own order, both with the versions read before.
    orders = [[c.pk for c in claims], [c.pk for c in reversed(claims)]]
    versions = {c.pk: c.version for c in claims}
    start_together = threading.Barrier(2)
    results: list[object] = []
    lock = threading.Lock()

    def dismiss(actor, ids) -> None:
        try:
            start_together.wait(timeout=20)
            outcome: object = workflow.bulk_action(
                ids, "dismiss", actor=actor, versions=versions, comment=actor.username
            )
        except Exception as exc:  # recorded and asserted below
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [
        threading.Thread(target=dismiss, args=(actor, ids))
        for actor, ids in zip((analyst, analyst2), orders, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(r, workflow.BulkResult) for r in results), results
    done = [pk for r in results for pk in r.done]
    assert sorted(done) == sorted(versions)  # each claim dismissed by exactly one of them
    refused = [(f.id, f.problem) for r in results for f in r.refused]
    assert sorted(pk for pk, _ in refused) == sorted(versions)
    assert {problem for _, problem in refused} == {"stale"}
    events = ClaimEvent.objects.filter(claim__in=claims, action="dismiss")
    assert sorted(events.values_list("claim_id", flat=True)) == sorted(versions)
