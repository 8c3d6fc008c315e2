"""Nobody approves a verdict they wrote in this review round, whoever submitted it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.conftest import signed_in
from tests.workflow.conftest import claim_in

Status = Claim.Status
WROTE = "You wrote part of this verdict or claim since its last review"


@pytest.fixture
def edited_by_admin(admin_member, analyst) -> Claim:
    """A claim whose verdict an admin drafted through the API before the analyst submitted it."""
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, rating="", rationale="")
    edited = signed_in(admin_member).patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": claim.version, "rating": "false", "rationale": "Ministry counts differ."},
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    submitted = signed_in(analyst).post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "submit", "version": edited.json()["version"]},
        content_type="application/json",
    )
    assert submitted.status_code == 200, submitted.content
    return Claim.objects.get(pk=claim.pk)


def assert_still_in_review(claim: Claim) -> None:
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version, fresh.reviewed_by_id) == (
        Status.IN_REVIEW,
        claim.version,
        None,
    )
    assert not ClaimEvent.objects.filter(claim=claim, action="approve").exists()


def test_admin_who_wrote_the_verdict_cannot_approve_it_through_the_api(
    edited_by_admin, admin_member, reviewer
):
    claim = edited_by_admin
    url = f"/api/v1/claims/{claim.pk}/transition/"
    body = {"action": "approve", "version": claim.version}

    refused = signed_in(admin_member).post(url, body, content_type="application/json")
    shown = signed_in(admin_member).get(f"/api/v1/claims/{claim.pk}/").json()

    assert refused.status_code == 403
    assert WROTE in refused.json()["detail"]
    assert "approve" not in shown["allowed_actions"]
    assert_still_in_review(claim)
    approved = signed_in(reviewer).post(url, body, content_type="application/json")
    assert approved.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == (Status.APPROVED, reviewer)


def test_admin_who_wrote_the_verdict_cannot_approve_it_through_the_page(
    client, edited_by_admin, admin_member
):
    claim = edited_by_admin
    client.force_login(admin_member)

    page = client.get(reverse("claim-detail", args=[claim.pk])).content.decode()
    response = client.post(
        reverse("claim-transition", args=[claim.pk]),
        {"action": "approve", "version": claim.version, "next": "/review/"},
        follow=True,
    )
    queue = client.get("/review/").content.decode()

    assert WROTE in page
    assert response.status_code == 200
    assert WROTE in response.content.decode()
    assert WROTE in queue
    assert_still_in_review(claim)


def test_admin_who_wrote_the_verdict_cannot_approve_it_through_the_admin(
    client, edited_by_admin, admin_member, analyst
):
    claim = edited_by_admin
    other = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    client.force_login(admin_member)

    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "approve_selected", "_selected_action": [claim.pk, other.pk]},
    )

    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(m.startswith(f"Claim #{claim.pk}: {WROTE}") for m in shown)
    assert "Approve: 1 claim(s)." in shown
    assert_still_in_review(claim)
    other.refresh_from_db()
    assert other.status == Status.APPROVED


def test_reviewer_who_edited_the_claims_content_cannot_approve_it(analyst, analyst_reviewer):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst)
    claim = workflow.update_claim(
        claim, actor=analyst_reviewer, version=claim.version, unit="militants"
    )
    claim = workflow.apply_action(claim, "submit", actor=analyst, version=claim.version)

    with pytest.raises(workflow.NotAllowed, match=WROTE):
        workflow.apply_action(claim, "approve", actor=analyst_reviewer, version=claim.version)

    assert_still_in_review(claim)


def test_reviewer_who_moved_the_claims_span_cannot_approve_it(analyst, analyst_reviewer):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, start=2, end=12)
    claim = workflow.move_claim(
        claim, actor=analyst_reviewer, version=claim.version, start=2, end=9
    )
    assert ClaimEvent.objects.get(claim=claim, action="move").actor == analyst_reviewer
    claim = workflow.apply_action(claim, "submit", actor=analyst, version=claim.version)

    assert workflow.round_authors([claim.pk]) == {claim.pk: {analyst_reviewer.pk}}
    with pytest.raises(workflow.NotAllowed, match=WROTE):
        workflow.apply_action(claim, "approve", actor=analyst_reviewer, version=claim.version)

    assert_still_in_review(claim)


def test_evidence_and_assignment_alone_do_not_make_an_author(analyst, analyst_reviewer):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, evidence=0)
    workflow.add_evidence(
        claim, actor=analyst_reviewer, source=claim_in(Status.OPEN).source, stance="supports"
    )
    claim.refresh_from_db()
    claim = workflow.apply_action(claim, "submit", actor=analyst, version=claim.version)

    approved = workflow.apply_action(
        claim, "approve", actor=analyst_reviewer, version=claim.version
    )

    assert approved.status == Status.APPROVED
    assert workflow.round_authors([claim.pk]) == {claim.pk: set()}


def test_an_edit_before_the_last_reopen_belongs_to_the_earlier_round(
    admin_member, analyst, reviewer
):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst)
    claim = workflow.update_claim(claim, actor=admin_member, version=claim.version, unit="wells")
    claim = workflow.apply_action(claim, "submit", actor=analyst, version=claim.version)
    claim = workflow.apply_action(claim, "approve", actor=reviewer, version=claim.version)
    claim = workflow.apply_action(
        claim, "reopen", actor=reviewer, version=claim.version, comment="New figures."
    )
    claim = workflow.update_claim(claim, actor=analyst, version=claim.version, rating="mixed")
    claim = workflow.apply_action(claim, "submit", actor=analyst, version=claim.version)

    assert workflow.round_authors([claim.pk]) == {claim.pk: {analyst.pk}}
    approved = workflow.apply_action(claim, "approve", actor=admin_member, version=claim.version)
    assert (approved.status, approved.reviewed_by) == (Status.APPROVED, admin_member)
    assert ClaimEvent.objects.filter(claim=claim, action="approve").count() == 2
