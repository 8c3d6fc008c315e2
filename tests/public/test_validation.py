"""A verdict is checked against what ClaimReview readers need before it may be approved."""

import copy

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from claims.publishing.validation import check_review, review_findings
from claims.workflow import InvalidAction, apply_action
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory
from tests.public.conftest import SITE

COMPLETE = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": f"{SITE}/checks/1/",
    "claimReviewed": "Almost 1,000 militants surrendered in 2024.",
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "The minister"},
        "datePublished": "2025-03-01",
        "appearance": {
            "@type": "CreativeWork",
            "headline": "Interview",
            "url": "https://news.example.org/interview",
            "datePublished": "2025-03-01",
        },
    },
    "author": {"@type": "Organization", "name": "Desk", "url": f"{SITE}/"},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    },
    "datePublished": "2025-03-02T10:00:00.000Z",
}


def changed(path: str, value) -> dict:
    review = copy.deepcopy(COMPLETE)
    *parents, last = path.split(".")
    target = review
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return review


def members(review: dict, *, required: bool) -> list[str]:
    return [f.member for f in check_review(review) if f.required is required]


def test_a_complete_review_has_no_findings():
    assert check_review(COMPLETE) == []


@pytest.mark.parametrize(
    ("path", "value", "member"),
    [
        ("claimReviewed", None, "claimReviewed"),
        ("claimReviewed", "  ", "claimReviewed"),
        ("url", None, "url"),
        ("url", "/checks/1/", "url"),
        ("author.name", "", "author.name"),
        ("reviewRating.alternateName", None, "reviewRating.alternateName"),
    ],
)
def test_a_missing_required_member_is_named(path, value, member):
    assert members(changed(path, value), required=True) == [member]


@pytest.mark.parametrize(
    ("rating", "says"),
    [
        ({"ratingValue": 4}, "“False” has ratingValue 4, but the scale gives it ratingValue 1."),
        ({"ratingValue": None}, "“False” has no number, but the scale gives it ratingValue 1."),
        ({"alternateName": "Unverifiable"}, "“Unverifiable” has ratingValue 1, but the scale"),
        ({"alternateName": "Pants on fire"}, "“Pants on fire” is not a rating"),
        ({"bestRating": 10}, "worstRating and bestRating must be 1 and 5."),
    ],
)
def test_the_ratings_number_and_name_must_agree(rating, says):
    review = copy.deepcopy(COMPLETE)
    for key, value in rating.items():
        if value is None:
            del review["reviewRating"][key]
        else:
            review["reviewRating"][key] = value
    [finding] = check_review(review)
    assert (finding.member, finding.required, finding.field) == ("reviewRating", True, "rating")
    assert finding.message.startswith(says)


def test_unverifiable_has_a_name_and_no_number():
    review = changed("reviewRating", {"@type": "Rating", "alternateName": "Unverifiable"})
    assert check_review(review) == []


@pytest.mark.parametrize(
    ("path", "value", "member"),
    [
        ("itemReviewed.author", None, "itemReviewed.author"),
        ("itemReviewed.datePublished", None, "itemReviewed.datePublished"),
        ("itemReviewed.appearance.url", None, "itemReviewed.appearance.url"),
        ("datePublished", None, "datePublished"),
        ("claimReviewed", "x" * 76, "claimReviewed"),
    ],
)
def test_recommended_members_are_reported_without_blocking(path, value, member):
    review = changed(path, value)
    assert members(review, required=False) == [member]
    assert members(review, required=True) == []


def test_seventy_five_characters_are_short_enough():
    assert check_review(changed("claimReviewed", "x" * 75)) == []


def in_review(**fields) -> Claim:
    fields.setdefault("source", SourceFactory(url="https://e.org/a", published_at="2025-01-01"))
    fields.setdefault("statement", "")
    claim = ClaimFactory(
        status=Claim.Status.IN_REVIEW,
        rating=Claim.Rating.FALSE,
        rationale="The ministry's own count is far lower.",
        **fields,
    )
    EvidenceFactory(claim=claim)
    return claim


def assert_unchanged(claim: Claim) -> None:
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version, fresh.approved_at) == (
        Claim.Status.IN_REVIEW,
        claim.version,
        None,
    )
    assert not ClaimEvent.objects.filter(claim=claim).exists()


def test_the_future_review_of_a_claim_in_review_is_checked(db):
    claim = in_review(statement="Officials say 40 wells were dug in 2024.")
    assert review_findings(claim) == []
    bare = in_review(speaker="", source=SourceFactory(outlet=None, url="", published_at=None))
    found = {(f.member, f.required) for f in review_findings(bare)}
    assert found == {
        ("claimReviewed", True),
        ("itemReviewed.author", False),
        ("itemReviewed.datePublished", False),
        ("itemReviewed.appearance.url", False),
    }


def test_approval_is_refused_while_a_required_member_is_missing(reviewer):
    claim = in_review()  # no statement: nothing to publish as claimReviewed
    with pytest.raises(InvalidAction) as refused:
        apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)
    assert refused.value.field == "statement"
    assert "claimReviewed" in refused.value.message
    assert_unchanged(claim)


def test_the_api_refuses_and_names_the_field(reviewer_client, reviewer):
    claim = in_review()
    response = reviewer_client.post(
        f"/api/v1/claims/{claim.pk}/transition/",
        {"action": "approve", "version": claim.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "statement" in body and "claimReviewed" in " ".join(body["statement"])
    assert_unchanged(claim)


def test_the_page_and_the_admin_refuse_too(client, reviewer, admin_member):
    claim = in_review()
    client.force_login(reviewer)
    response = client.post(
        reverse("claim-transition", args=[claim.pk]),
        {"action": "approve", "version": claim.version, "next": "/review/"},
        follow=True,
    )
    assert "Cannot publish: write the claim&#x27;s neutral statement." in response.content.decode()
    assert_unchanged(claim)

    client.force_login(admin_member)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "approve_selected", "_selected_action": [claim.pk]},
    )
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Cannot publish: write the claim's neutral statement." in shown
    assert_unchanged(claim)


def test_the_queue_says_which_field_is_missing(reviewer_client):
    ready = in_review(statement="Officials say 40 wells were dug in 2024.")
    lacking = in_review()
    html = reviewer_client.get(reverse("review-queue")).content.decode()

    lacking_card = html[html.index(f'id="claim-{lacking.pk}"') :]
    lacking_card = lacking_card[: lacking_card.index("</article>")]
    assert "Before approval:</strong> Write the claim&#x27;s neutral statement." in lacking_card
    assert "finding-blocking" in lacking_card  # in review: it blocks the approval
    assert "disabled" in lacking_card  # its Approve button, with the reason beside it
    ready_card = html[html.index(f'id="claim-{ready.pk}"') :]
    ready_card = ready_card[: ready_card.index("</article>")]
    assert "has every required and recommended member" in ready_card
    assert "Before approval:" not in ready_card


def test_the_queue_reads_every_review_in_one_query(reviewer_client, django_assert_max_num_queries):
    for _ in range(3):
        in_review()
    with django_assert_max_num_queries(12) as few:
        reviewer_client.get(reverse("review-queue"))
    for _ in range(3):
        in_review()
    with django_assert_max_num_queries(len(few.captured_queries)):
        reviewer_client.get(reverse("review-queue"))


def test_the_claim_page_shows_what_is_missing(analyst_client):
    claim = in_review()
    html = analyst_client.get(reverse("claim-detail", args=[claim.pk])).content.decode()
    assert 'data-member="claimReviewed"' in html
    assert "Before approval:</strong> Write the claim&#x27;s neutral statement." in html
    assert "finding-blocking" in html


def test_an_open_claim_lists_what_it_still_needs_as_plain_to_dos(analyst_client):
    claim = ClaimFactory(status=Claim.Status.OPEN, statement="Wells were dug.", rating="")
    html = analyst_client.get(reverse("claim-detail", args=[claim.pk])).content.decode()
    rating = html[html.index('data-member="reviewRating.alternateName"') :]
    rating = rating[: rating.index("</li>")]
    assert "<strong>Before approval:</strong> Choose a rating." in rating
    assert "(ClaimReview reviewRating.alternateName)" in rating
    assert "finding-blocking" not in html  # not in review yet: nothing is blocked
