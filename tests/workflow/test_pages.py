"""The review queue, my work, and the transition form: content, access and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.factories import EvidenceFactory, OutletFactory, SourceFactory
from tests.workflow.conftest import claim_in

Status = Claim.Status


def in_review(analyst, n: int, **fields) -> list[Claim]:
    claims = []
    for i in range(n):
        claim = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst, **fields)
        Claim.objects.filter(pk=claim.pk).update(
            submitted_at=timezone.now() - timezone.timedelta(hours=n - i)
        )
        claims.append(claim)
    return claims


def test_queue_shows_claim_in_context_with_evidence_grades(client, analyst, reviewer):
    source = SourceFactory(
        text="In 2024 almost a thousand militants voluntarily surrendered, he said."
    )
    claim = claim_in(
        Status.IN_REVIEW,
        assignee=analyst,
        submitted_by=analyst,
        source=source,
        start=8,
        end=59,
        quote=source.text[8:59],
        prefix=source.text[:8],
        suffix=source.text[59:],
        speaker="Alexander Ivanov",
        rating=Claim.Rating.MISLEADING,
        rationale="Only 412 surrenders were documented.",
        evidence=0,
    )
    claim.submitted_at = timezone.now() - timezone.timedelta(hours=3)
    claim.save()
    EvidenceFactory(
        claim=claim,
        source=SourceFactory(title="UN panel report", outlet=OutletFactory(reliability="A")),
        stance="contradicts",
        excerpt="412 fighters handed in weapons.",
        credibility=2,
    )
    client.force_login(reviewer)

    response = client.get(reverse("review-queue"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "In 2024 " in body and "almost a thousand militants voluntarily surrendered" in body
    assert ", he said." in body
    assert "Alexander Ivanov" in body
    assert "Misleading" in body and "Only 412 surrenders were documented." in body
    assert "UN panel report" in body and "412 fighters handed in weapons." in body
    assert "Contradicts" in body
    # Each cell names its column, which a phone shows beside the value.
    assert '<td title="A - completely reliable" data-label="Reliability">A</td>' in body
    assert '<td title="2 - probably true" data-label="Credibility">2</td>' in body
    assert "Submitted by ana" in body and "3\xa0hours ago" in body


def test_queue_lists_oldest_submission_first_and_only_claims_in_review(client, analyst, reviewer):
    newer, older = in_review(analyst, 2)[::-1]
    claim_in(Status.IN_RESEARCH, assignee=analyst)
    approved = claim_in(Status.APPROVED, assignee=analyst, submitted_by=analyst)
    client.force_login(reviewer)

    body = client.get(reverse("review-queue")).content.decode()

    assert body.index(f'id="claim-{older.pk}"') < body.index(f'id="claim-{newer.pk}"')
    assert f'id="claim-{approved.pk}"' not in body
    assert body.count('class="card queue-item"') == 2


def test_queue_filters_by_rating_and_source(client, analyst, reviewer):
    false_claim = in_review(analyst, 1, rating=Claim.Rating.FALSE)[0]
    true_claim = in_review(analyst, 1, rating=Claim.Rating.TRUE)[0]
    client.force_login(reviewer)

    by_rating = client.get(reverse("review-queue"), {"rating": "true"}).content.decode()
    by_source = client.get(
        reverse("review-queue"), {"source": false_claim.source_id}
    ).content.decode()
    bad = client.get(reverse("review-queue"), {"source": "nope", "rating": "wrong"})

    assert f'id="claim-{true_claim.pk}"' in by_rating
    assert f'id="claim-{false_claim.pk}"' not in by_rating
    assert f'id="claim-{false_claim.pk}"' in by_source
    assert f'id="claim-{true_claim.pk}"' not in by_source
    assert bad.status_code == 200
    assert "A filter value was not understood" in bad.content.decode()
    # A value not understood is left out; every claim in review is still listed.
    assert f'id="claim-{true_claim.pk}"' in bad.content.decode()
    assert f'id="claim-{false_claim.pk}"' in bad.content.decode()


def test_queue_is_paginated(client, analyst, reviewer):
    in_review(analyst, 23)
    client.force_login(reviewer)

    first = client.get(reverse("review-queue")).content.decode()
    second = client.get(reverse("review-queue"), {"page": 2}).content.decode()

    assert first.count('class="card queue-item"') == 20
    assert second.count('class="card queue-item"') == 3
    assert "Page 2 of 2" in second


def test_reviewer_sees_own_submission_with_approve_disabled_and_why(
    client, analyst_reviewer, reviewer
):
    claim = claim_in(Status.IN_REVIEW, assignee=analyst_reviewer, submitted_by=analyst_reviewer)
    client.force_login(analyst_reviewer)

    body = client.get(reverse("review-queue")).content.decode()

    assert f'id="claim-{claim.pk}"' in body
    assert f'disabled aria-describedby="approve-why-{claim.pk}"' in body
    assert "You submitted this verdict; another reviewer must approve it." in body


@pytest.mark.parametrize("name", ["review-queue", "my-work"])
def test_pages_need_login_and_membership(client, outsider, name):
    anonymous = client.get(reverse(name))
    client.force_login(outsider)
    stranger = client.get(reverse(name))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert stranger.status_code == 403


@pytest.mark.parametrize("name", ["review-queue", "my-work"])
def test_pages_refuse_post(client, reviewer, name):
    client.force_login(reviewer)

    assert client.post(reverse(name)).status_code == 405


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_queue_runs_the_same_queries_for_5_and_50_claims(client, analyst, reviewer):
    client.force_login(reviewer)
    url = reverse("review-queue")
    in_review(analyst, 5)
    client.get(url)  # warm the session and permission caches alike for both counts
    at_5 = _queries_for(client, url)
    for claim in in_review(analyst, 45):
        EvidenceFactory(claim=claim)

    at_50 = _queries_for(client, url)

    assert at_5 == at_50
    assert at_50 <= 12


def test_my_work_runs_the_same_queries_for_5_and_50_claims(
    client, django_assert_num_queries, analyst, reviewer
):
    client.force_login(analyst)
    url = reverse("my-work")

    def sent_back(n: int) -> None:
        for claim in in_review(analyst, n):
            workflow.apply_action(
                claim.pk, "request_changes", actor=reviewer, version=claim.version, comment="x"
            )

    sent_back(3)
    claim_in(Status.OPEN, assignee=analyst)
    claim_in(Status.APPROVED, assignee=analyst, submitted_by=analyst)
    client.get(url)
    at_5 = _queries_for(client, url)
    sent_back(30)
    for _ in range(15):
        claim_in(Status.IN_RESEARCH, assignee=analyst)

    with django_assert_num_queries(at_5):
        response = client.get(url)
    assert response.content.decode().count('class="card sent-back"') == 33


def test_my_work_puts_sent_back_claims_first_with_the_reviewers_comment(
    client, analyst, analyst2, reviewer
):
    researching = claim_in(Status.IN_RESEARCH, assignee=analyst)
    opened = claim_in(Status.OPEN, assignee=analyst)
    someone_elses = claim_in(Status.OPEN, assignee=analyst2)
    sent_back = in_review(analyst, 1)[0]
    workflow.apply_action(
        sent_back.pk,
        "request_changes",
        actor=reviewer,
        version=sent_back.version,
        comment="Old comment.",
    )
    sent_back.refresh_from_db()
    workflow.update_claim(sent_back.pk, actor=analyst, version=sent_back.version, rationale="B")
    sent_back.refresh_from_db()
    workflow.apply_action(sent_back.pk, "submit", actor=analyst, version=sent_back.version)
    sent_back.refresh_from_db()
    workflow.apply_action(
        sent_back.pk,
        "request_changes",
        actor=reviewer,
        version=sent_back.version,
        comment="Cite the UN figure, not the ministry's.",
    )
    # Edited after being sent back: still sent back, still the latest comment.
    workflow.update_claim(sent_back.pk, actor=analyst, version=sent_back.version + 1, rationale="C")
    client.force_login(analyst)

    body = client.get(reverse("my-work")).content.decode()

    assert body.index(f'id="claim-{sent_back.pk}"') < body.index(f'id="claim-{researching.pk}"')
    assert body.index(f'id="claim-{researching.pk}"') < body.index(f'id="claim-{opened.pk}"')
    assert "Cite the UN figure, not the ministry&#x27;s." in body
    assert "Old comment." not in body
    assert f'id="claim-{someone_elses.pk}"' not in body
    assert "Sent back to you" in body


def test_transition_form_approves_and_records_one_event(client, analyst, reviewer):
    claim = in_review(analyst, 1)[0]
    client.force_login(reviewer)

    response = client.post(
        reverse("claim-transition", args=[claim.pk]),
        {"action": "approve", "version": claim.version, "next": "/review/", "comment": "Solid."},
        follow=True,
    )

    claim.refresh_from_db()
    assert response.redirect_chain[-1][0] == "/review/"
    assert claim.status == Status.APPROVED
    assert claim.reviewed_by == reviewer
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.actor, event.comment) == ("approve", reviewer, "Solid.")
    assert f"Claim #{claim.pk} approved and published" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "request_changes"}, "comment: Give a comment."),
        ({"action": "approve", "version": 99}, "What you typed is still in the form below"),
        ({"action": "approve", "version": "abc"}, "version: Enter a whole number."),
        ({"action": "fly"}, "action: Select a valid choice."),
        ({"action": "reopen"}, "Cannot reopen a claim that is in review."),
    ],
)
def test_transition_form_reports_errors_and_changes_nothing(
    client, analyst, reviewer, data, message
):
    claim = in_review(analyst, 1)[0]
    before = Claim.objects.values().get(pk=claim.pk)
    client.force_login(reviewer)
    post = {"version": claim.version, "next": "/review/", **data}

    response = client.post(reverse("claim-transition", args=[claim.pk]), post, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Claim.objects.values().get(pk=claim.pk) == before
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_transition_refuses_outsiders_get_and_offsite_redirects(
    client, outsider, analyst, reviewer
):
    claim = in_review(analyst, 1)[0]
    url = reverse("claim-transition", args=[claim.pk])
    data = {"action": "approve", "version": claim.version}

    anonymous = client.post(url, data)
    client.force_login(outsider)
    stranger = client.post(url, data)
    client.force_login(reviewer)
    wrong_method = client.put(url)
    missing = client.post(reverse("claim-transition", args=[999999]), data)
    offsite = client.post(url, {**data, "next": "https://evil.example/"})

    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    assert stranger.status_code == 404
    assert wrong_method.status_code == 405
    assert missing.status_code == 404
    assert offsite.status_code == 302 and "evil.example" not in offsite["Location"]
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED  # only the reviewer's last post went through
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


def test_assignee_submits_through_the_form_with_rating_and_rationale(client, analyst):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, rating="", rationale="")
    client.force_login(analyst)
    url = reverse("claim-transition", args=[claim.pk])

    missing = client.post(url, {"action": "submit", "version": claim.version}, follow=True)
    assert "rating: Choose a rating before submitting." in missing.content.decode()
    client.post(
        url,
        {"action": "submit", "version": claim.version, "rating": "mixed", "rationale": "Half."},
    )

    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.rationale) == (Status.IN_REVIEW, "mixed", "Half.")
    assert claim.submitted_by == analyst
    assert list(ClaimEvent.objects.filter(claim=claim).values_list("action", flat=True)) == [
        "submit"
    ]


def test_an_action_says_what_it_did_in_words(client, analyst):
    claim = claim_in(Status.CANDIDATE)
    client.force_login(analyst)
    response = client.post(
        reverse("claim-transition", args=[claim.pk]),
        {"action": "accept", "version": claim.version},
        follow=True,
    )
    body = response.content.decode()
    assert f"Claim #{claim.pk} accepted — it is open for research." in body
    assert "done." not in body
    assert Claim.objects.get(pk=claim.pk).status == Status.OPEN
