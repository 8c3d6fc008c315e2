"""Reviewers pressing approve at the same moment give exactly one approval."""

import threading

from django.db import connection

from claims import workflow
from claims.models import Claim, ClaimEvent
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
