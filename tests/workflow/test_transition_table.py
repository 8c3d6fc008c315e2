"""Every action, every status, every role: allowed moves the claim, refused changes nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.workflow.conftest import claim_in

Status = Claim.Status
ROLES = ["anonymous", "outsider", "analyst", "reviewer", "admin"]
# The transition table of the design, written out again so the code is checked against it.
FROM = {
    "accept": Status.CANDIDATE,
    "dismiss": Status.CANDIDATE,
    "restore": Status.DISMISSED,
    "start": Status.OPEN,
    "submit": Status.IN_RESEARCH,
    "approve": Status.IN_REVIEW,
    "request_changes": Status.IN_REVIEW,
    "reopen": Status.APPROVED,
}
TO = {
    "accept": Status.OPEN,
    "dismiss": Status.DISMISSED,
    "restore": Status.CANDIDATE,
    "start": Status.IN_RESEARCH,
    "submit": Status.IN_REVIEW,
    "approve": Status.APPROVED,
    "request_changes": Status.IN_RESEARCH,
    "reopen": Status.IN_RESEARCH,
}
# Who may: the analyst is the claim's assignee and submitter; the admin is neither.
WHO = {
    "accept": {"analyst", "admin"},
    "dismiss": {"analyst", "admin"},
    "restore": {"analyst", "admin"},
    "start": {"analyst", "admin"},
    "submit": {"analyst", "admin"},
    "approve": {"reviewer", "admin"},
    "request_changes": {"reviewer", "admin"},
    "reopen": {"reviewer", "admin"},
}


def test_table_covers_every_action_of_the_workflow():
    assert set(FROM) == set(workflow.ACTIONS)
    for action, transition in workflow.ACTIONS.items():
        assert transition.sources == (FROM[action],)
        assert transition.target == TO[action]


@pytest.fixture
def actor_for(request):
    def actor(role: str):
        if role == "anonymous":
            return AnonymousUser()
        fixture = {"admin": "admin_member"}.get(role, role)
        return request.getfixturevalue(fixture)

    return actor


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", list(FROM))
def test_action_from_status_for_role(action, status, role, actor_for, analyst):
    submitted = analyst if status in {Status.IN_REVIEW, Status.APPROVED} else None
    claim = claim_in(status, assignee=analyst, submitted_by=submitted)
    actor = actor_for(role)
    before = Claim.objects.values().get(pk=claim.pk)
    events_before = ClaimEvent.objects.filter(claim=claim).count()
    allowed = status == FROM[action] and role in WHO[action]

    if allowed:
        result = workflow.apply_action(
            claim.pk, action, actor=actor, version=claim.version, comment="Because."
        )
        claim.refresh_from_db()
        assert claim.status == result.status == TO[action]
        assert claim.version == before["version"] + 1
        events = ClaimEvent.objects.filter(claim=claim)
        assert events.count() == events_before + 1
        event = events.latest("id")
        assert (event.action, event.from_status, event.to_status) == (action, status, TO[action])
        assert event.actor_id == actor.pk
        assert event.comment == "Because."
    else:
        with pytest.raises(workflow.WorkflowError) as refused:
            workflow.apply_action(
                claim.pk, action, actor=actor, version=claim.version, comment="Because."
            )
        expected = workflow.NotAllowed if role not in WHO[action] else workflow.InvalidAction
        assert isinstance(refused.value, expected)
        assert Claim.objects.values().get(pk=claim.pk) == before
        assert ClaimEvent.objects.filter(claim=claim).count() == events_before
