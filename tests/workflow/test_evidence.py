"""Linking evidence goes through the workflow and its checks."""

from claims import workflow
from claims.models import Claim
from tests.workflow.conftest import claim_in

Status = Claim.Status


def test_a_claims_own_source_cannot_be_its_evidence(analyst):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, evidence=0)
    try:
        workflow.add_evidence(claim, actor=analyst, source=claim.source, stance="supports")
    except workflow.InvalidAction as error:
        assert error.field == "source"
    else:
        raise AssertionError("the claim's own source was accepted as evidence")
    assert not claim.evidence.exists() and not claim.events.exists()
