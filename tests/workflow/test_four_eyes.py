"""Nobody approves a claim they submitted or are assigned to, through any door."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from tests.workflow.conftest import claim_in

Status = Claim.Status
SUBMITTED = "You submitted this verdict; another reviewer must approve it."
ASSIGNED = "You are assigned to this claim; another reviewer must approve it."


@pytest.fixture(params=["submitted", "assigned"])
def own_claim(request, analyst):
    """A claim in review that the approver (given later) submitted or is assigned to."""

    def make(approver) -> tuple[Claim, str]:
        if request.param == "submitted":
            return claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=approver), SUBMITTED
        return claim_in(Status.IN_REVIEW, assignee=approver, submitted_by=analyst), ASSIGNED

    return make


def assert_unchanged(claim: Claim) -> None:
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version, fresh.reviewed_by_id) == (
        Status.IN_REVIEW,
        claim.version,
        None,
    )
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_reviewer_cannot_approve_own_claim_through_the_page(client, analyst_reviewer, own_claim):
    claim, reason = own_claim(analyst_reviewer)
    client.force_login(analyst_reviewer)

    response = client.post(
        reverse("claim-transition", args=[claim.pk]),
        {"action": "approve", "version": claim.version, "next": "/review/"},
        follow=True,
    )

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert_unchanged(claim)


def test_admin_cannot_approve_own_claim_through_the_admin_action(
    client, admin_member, reviewer, own_claim, analyst
):
    claim, reason = own_claim(admin_member)
    other = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    client.force_login(admin_member)

    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "approve_selected", "_selected_action": [claim.pk, other.pk]},
    )

    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert f"Claim #{claim.pk}: {reason}" in shown
    assert "Approve: 1 claim(s)." in shown
    assert_unchanged(claim)
    other.refresh_from_db()
    assert other.status == Status.APPROVED and other.reviewed_by == admin_member


def test_reviewer_cannot_approve_own_claim_through_the_api(client, analyst_reviewer, own_claim):
    claim, reason = own_claim(analyst_reviewer)
    client.force_login(analyst_reviewer)

    response = client.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "approve", "version": claim.version},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert reason in response.content.decode()
    assert_unchanged(claim)


def test_admin_request_changes_action_asks_for_a_comment_then_applies_it(
    client, admin_member, analyst
):
    claim = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    client.force_login(admin_member)
    url = reverse("admin:claims_claim_changelist")
    selected = {"action": "request_changes_selected", "_selected_action": [claim.pk]}

    asked = client.post(url, selected)
    empty = client.post(url, {**selected, "apply": "1", "comment": ""})
    assert Claim.objects.get(pk=claim.pk).status == Status.IN_REVIEW
    done = client.post(url, {**selected, "apply": "1", "comment": "Name the ministry."})

    assert asked.status_code == 200 and 'name="comment"' in asked.content.decode()
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.action, event.comment, event.actor) == (
        "request_changes",
        "Name the ministry.",
        admin_member,
    )


def test_admin_workflow_actions_need_the_approve_permission(client, analyst):
    from django.contrib.auth.models import Permission

    analyst.is_staff = True
    analyst.save()
    analyst.user_permissions.add(Permission.objects.get(codename="view_claim"))
    claim = claim_in(Status.IN_REVIEW, assignee=None, submitted_by=None)
    client.force_login(analyst)

    page = client.get(reverse("admin:claims_claim_changelist"))
    forced = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "approve_selected", "_selected_action": [claim.pk]},
    )

    assert "approve_selected" not in page.content.decode()
    # Without the permission the action is not offered, so the post is read as a plain view of
    # the change list: no redirect, no message, nothing done.
    assert forced.status_code == 200
    assert "approve_selected" not in forced.content.decode()
    assert list(get_messages(forced.wsgi_request)) == []
    assert_unchanged(claim)


def test_admin_change_page_edits_nothing_by_hand(client, admin_member, analyst, reviewer):
    claim = claim_in(Status.APPROVED, assignee=analyst, submitted_by=analyst, rating="true")
    client.force_login(admin_member)
    url = reverse("admin:claims_claim_change", args=[claim.pk])

    page = client.get(url).content.decode()
    posted = client.post(url, {"rating": "false", "rationale": "by hand", "quote": "x"})

    assert 'name="rating"' not in page and 'name="rationale"' not in page
    assert posted.status_code == 403
    claim.refresh_from_db()
    assert (claim.rating, claim.version) == ("true", 1)
    assert not claim.events.exists()
    evidence = claim.evidence.get()
    assert (
        client.post(reverse("admin:claims_evidence_delete", args=[evidence.pk])).status_code == 403
    )
    assert claim.evidence.filter(pk=evidence.pk).exists()
