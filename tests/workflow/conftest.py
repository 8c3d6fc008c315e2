"""Claims put straight into a workflow status, and a member who is both analyst and reviewer."""

import pytest
from django.contrib.auth.models import Group

from claims.members import create_member
from claims.models import Claim
from tests.conftest import PASSWORD
from tests.factories import ClaimFactory, EvidenceFactory

Status = Claim.Status


def claim_in(
    status: str, *, assignee=None, submitted_by=None, evidence: int = 1, **fields
) -> Claim:
    """Return a claim set up in `status` with everything its next step needs."""
    fields.setdefault("rating", Claim.Rating.FALSE if status != Status.CANDIDATE else "")
    fields.setdefault("rationale", "The ministry's own count is far lower.")
    claim = ClaimFactory(status=status, assignee=assignee, submitted_by=submitted_by, **fields)
    for _ in range(evidence):
        EvidenceFactory(claim=claim)
    return claim


@pytest.fixture
def analyst_reviewer(db):
    """A member in both groups: may research, submit and review (but not approve own work)."""
    user = create_member("both", "reviewer", PASSWORD)
    user.groups.add(Group.objects.get(name="analyst"))
    return type(user).objects.get(pk=user.pk)  # drop the cached permissions


def login(client, user) -> None:
    client.force_login(user)
