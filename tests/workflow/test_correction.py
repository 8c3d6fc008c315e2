"""Reopening an approved verdict leaves a public correction and keeps the earlier verdict."""

from django.template import RequestContext, Template
from django.test import RequestFactory

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.workflow.conftest import claim_in

Status = Claim.Status


def fresh(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def test_reopened_claim_carries_a_correction_note_once_approved_again(analyst, reviewer, reviewer2):
    claim = claim_in(
        Status.IN_REVIEW,
        assignee=analyst,
        submitted_by=analyst,
        rating=Claim.Rating.FALSE,
        rationale="No surrenders were recorded.",
    )
    workflow.apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)
    assert fresh(claim).correction_note == ""
    workflow.apply_action(
        claim.pk,
        "reopen",
        actor=reviewer2,
        version=fresh(claim).version,
        comment="The UN panel counted 412 surrenders.",
    )
    reopened = fresh(claim)
    assert reopened.status == Status.IN_RESEARCH
    workflow.update_claim(
        claim.pk,
        actor=analyst,
        version=reopened.version,
        rating=Claim.Rating.MISLEADING,
        rationale="412 surrenders, not a thousand.",
    )
    workflow.apply_action(claim.pk, "submit", actor=analyst, version=fresh(claim).version)
    workflow.apply_action(claim.pk, "approve", actor=reviewer2, version=fresh(claim).version)

    final = fresh(claim)
    assert final.status == Status.APPROVED
    assert final.rating == Claim.Rating.MISLEADING
    assert "earlier verdict was “False”" in final.correction_note
    assert "The UN panel counted 412 surrenders." in final.correction_note
    reopen = ClaimEvent.objects.get(claim=claim, action="reopen")
    assert reopen.changes["verdict"][0] == {
        "rating": "false",
        "rationale": "No surrenders were recorded.",
    }
    actions = list(ClaimEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions == ["approve", "reopen", "edit", "submit", "approve"]

    request = RequestFactory().get(f"/claims/{claim.pk}/")
    request.user = analyst
    html = Template("{% load workflow %}{% workflow_panel claim %}").render(
        RequestContext(request, {"claim": final})
    )
    assert "Earlier verdict: <strong>False</strong> — No surrenders were recorded." in html
    assert "rating: False → Misleading" in html
    assert "Correction:</strong> Corrected on" in html


def test_reopened_claim_is_no_longer_dated_as_approved(analyst, reviewer):
    claim = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    claim = workflow.apply_action(claim, "approve", actor=reviewer, version=claim.version)
    assert claim.approved_at is not None

    workflow.apply_action(
        claim, "reopen", actor=reviewer, version=claim.version, comment="New data"
    )

    assert Claim.objects.get(pk=claim.pk).approved_at is None
    assert claim.events.filter(action="approve").exists()
