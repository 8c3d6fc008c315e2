"""Mail after a workflow step: reviewers on submit, the submitter on approve or send-back."""

import time

import pytest
from django.core import mail

from claims import workflow
from claims.members import create_member
from claims.models import Claim, ClaimEvent
from claims.notifications import send_transition_mail
from tests.conftest import PASSWORD
from tests.workflow.conftest import claim_in

Status = Claim.Status
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def people(transactional_db, settings):
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox = []
    return {
        "analyst": create_member("ana", "analyst", PASSWORD, email="ana@desk.example"),
        "reviewer": create_member("rev", "reviewer", PASSWORD, email="rev@desk.example"),
        "reviewer2": create_member("rev2", "reviewer", PASSWORD, email="rev2@desk.example"),
        "mute": create_member("mute", "reviewer", PASSWORD),  # no address: nothing to send
        "admin": create_member("boss", "admin", PASSWORD, email="boss@desk.example"),
        "other": create_member("ana2", "analyst", PASSWORD, email="ana2@desk.example"),
    }


def wait_for_mail(count: int, timeout: float = 20) -> list:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # and let any extra, wrong mail arrive before the count is checked
    return list(mail.outbox)


def submit(claim: Claim, analyst) -> ClaimEvent:
    workflow.apply_action(claim.pk, "submit", actor=analyst, version=claim.version)
    return ClaimEvent.objects.get(claim=claim, action="submit")


def test_submit_mails_every_reviewer_through_a_real_worker(live_worker, people):
    claim = claim_in(Status.IN_RESEARCH, assignee=people["analyst"])

    event = submit(claim, people["analyst"])

    sent = wait_for_mail(3)
    assert sorted(m.to[0] for m in sent) == [
        "boss@desk.example",
        "rev2@desk.example",
        "rev@desk.example",
    ]
    assert sent[0].subject == f"Claim #{claim.pk} is waiting for your review"
    assert claim.quote in sent[0].body
    assert f"/claims/{claim.pk}/" in sent[0].body
    # Delivered twice (a retry, a duplicate): the second run sends nothing.
    assert send_transition_mail.delay(event.pk).get(timeout=20) == 0
    assert len(wait_for_mail(4, timeout=1)) == 3


def test_approve_and_send_back_mail_the_submitter_only(live_worker, people):
    first = claim_in(Status.IN_RESEARCH, assignee=people["analyst"])
    second = claim_in(Status.IN_RESEARCH, assignee=people["analyst"])
    submit(first, people["analyst"])
    submit(second, people["analyst"])
    wait_for_mail(6)
    mail.outbox = []

    workflow.apply_action(first.pk, "approve", actor=people["reviewer"], version=first.version + 1)
    workflow.apply_action(
        second.pk,
        "request_changes",
        actor=people["reviewer"],
        version=second.version + 1,
        comment="Which ministry?",
    )

    sent = {m.subject: m for m in wait_for_mail(2)}
    assert len(mail.outbox) == 2
    approved = sent[f"Claim #{first.pk} was approved"]
    sent_back = sent[f"Claim #{second.pk} was sent back to you"]
    assert approved.to == sent_back.to == ["ana@desk.example"]
    assert "Which ministry?" in sent_back.body


def test_mail_is_sent_in_process_when_no_broker_is_set(people, eager_tasks):
    claim = claim_in(Status.IN_RESEARCH, assignee=people["analyst"])

    event = submit(claim, people["analyst"])  # transactional: on_commit fires at once

    assert sorted(m.to[0] for m in mail.outbox) == [
        "boss@desk.example",
        "rev2@desk.example",
        "rev@desk.example",
    ]
    assert send_transition_mail(event.pk) == 0
    assert len(mail.outbox) == 3


def test_no_mail_when_the_change_is_refused_or_needs_none(people, eager_tasks):
    claim = claim_in(Status.IN_RESEARCH, assignee=people["analyst"])
    with pytest.raises(workflow.NotAllowed):
        workflow.apply_action(claim.pk, "submit", actor=people["other"], version=claim.version)
    workflow.update_claim(claim.pk, actor=people["analyst"], version=claim.version, statement="S")

    assert mail.outbox == []
    assert send_transition_mail(999_999_999) == 0
