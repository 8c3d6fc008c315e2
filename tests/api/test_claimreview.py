"""The ClaimReview output: the public feed and the export, field by field with types."""

import io
import json
import re
from datetime import datetime

import pytest
from django.core.cache import cache

from claims.demo import load_demo
from claims.exports.writers import export_queryset, write_export
from claims.workflow import apply_action, record_claim
from tests.api.conftest import approve

FEED = "/api/v1/claimreview/"
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
RATINGS = {"true": 5, "mostly_true": 4, "mixed": 3, "misleading": 2, "false": 1}


@pytest.fixture
def demo_approved(analyst, reviewer, reviewer2, settings):
    """Approve claims of the demo interview in every rating, one of them corrected."""
    settings.SITE_URL = "https://desk.example.org"
    settings.FACTCHECK_ORGANIZATION = {"name": "Desk", "url": "https://desk.example.org/"}
    source = load_demo(create_users=False).source
    text = source.text
    quotes = [
        "Our convoys reached 37 villages",
        "almost two thousand families received seed and tools",
        "More than 4,500 patients were seen",
        "vaccination coverage among children under five rose to about 80%",
        "several hundred people from the lakeside towns",
        "28 percent of deliveries went north",
    ]
    ratings = ["true", "mostly_true", "mixed", "misleading", "false", "unverifiable"]
    claims = []
    for quote, rating in zip(quotes, ratings, strict=True):
        start = text.index(quote)
        claim = record_claim(
            source,
            actor=analyst,
            start=start,
            end=start + len(quote),
            kinds=["quantitative"],
            statement=f"The mission says: {quote}.",
        )
        claims.append(approve(claim, analyst, reviewer, rating=rating))
    corrected = apply_action(
        claims[0].pk, "reopen", actor=reviewer, version=claims[0].version, comment="New ledger."
    )
    corrected = apply_action(corrected.pk, "submit", actor=analyst, version=corrected.version)
    corrected = apply_action(corrected.pk, "approve", actor=reviewer2, version=corrected.version)
    assert corrected.correction_note
    return claims


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def check_claim_review(review: dict, claim) -> None:
    """Assert every ClaimReview field the desk publishes, with its type."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"https://desk.example.org/checks/{claim.pk}/"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"] == claim.statement
    assert MOMENT.match(review["datePublished"])
    assert moment(review["datePublished"]) == claim.first_approved_at.replace(
        microsecond=claim.first_approved_at.microsecond // 1000 * 1000
    )
    if claim.correction_note:
        assert moment(review["dateModified"]) > moment(review["datePublished"])
    else:
        assert "dateModified" not in review
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk",
        "url": "https://desk.example.org/",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": claim.speaker}
    assert isinstance(item["author"]["name"], str) and item["author"]["name"]
    assert item["datePublished"] == "2025-01-20"
    appearance = item["appearance"]
    assert appearance["@type"] == "CreativeWork"
    assert isinstance(appearance["headline"], str) and appearance["headline"]
    assert appearance["datePublished"] == "2025-01-20"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == claim.get_rating_display()
    if claim.rating == "unverifiable":
        assert set(rating) == {"@type", "alternateName"}
    else:
        assert rating["ratingValue"] == RATINGS[claim.rating]
        assert isinstance(rating["ratingValue"], int)
        assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    if claim.correction_note:
        assert review["correction"] == {"@type": "CorrectionComment", "text": claim.correction_note}
    else:
        assert "correction" not in review
    internal = {"rationale", "assignee", "evidence", "status", "version"}
    assert not internal & set(review)


def test_demo_claims_export_as_claimreview_with_every_field(demo_approved, tmp_path):
    out = tmp_path / "reviews.json"
    with out.open("w", encoding="utf-8") as handle:
        count = write_export("claimreview", export_queryset("claimreview", {}), handle)
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert count == len(reviews) == 6
    by_url = {r["url"]: r for r in reviews}
    for claim in demo_approved:
        claim.refresh_from_db()
        check_claim_review(by_url[f"https://desk.example.org/checks/{claim.pk}/"], claim)
    assert sum("correction" in r for r in reviews) == 1


def test_public_feed_lists_approved_claims_only_to_anyone(demo_approved, anon_client, source):
    record_claim(source, actor=demo_approved[0].created_by, start=0, end=12, kinds=["attributive"])
    response = anon_client.get(FEED)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    for review in body["results"]:
        claim = next(c for c in demo_approved if review["url"].endswith(f"/{c.pk}/"))
        claim.refresh_from_db()
        check_claim_review(review, claim)
    text = response.content.decode()
    assert "Official figures give 950" not in text  # the rationale stays inside the desk
    assert "public" in response["Cache-Control"]


def test_public_feed_is_paginated_and_cached(demo_approved, anon_client, analyst, reviewer, source):
    first = anon_client.get(FEED, {"page_size": 4}).json()
    assert (first["count"], len(first["results"])) == (6, 4)
    assert first["next"] and "page=2" in first["next"]
    newer = record_claim(
        source, actor=analyst, start=0, end=12, kinds=["attributive"], statement="A minister."
    )
    approve(newer, analyst, reviewer)
    assert anon_client.get(FEED, {"page_size": 4}).json()["count"] == 6  # served from cache
    cache.clear()
    assert anon_client.get(FEED, {"page_size": 4}).json()["count"] == 7


def test_feed_shows_one_approved_claim_and_hides_the_rest(anon_client, approved_claim, source):
    review = anon_client.get(f"{FEED}{approved_claim.pk}/").json()
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["ratingValue"] == 4
    unapproved = record_claim(
        source, actor=approved_claim.created_by, start=0, end=12, kinds=["attributive"]
    )
    assert anon_client.get(f"{FEED}{unapproved.pk}/").status_code == 404
    posted = anon_client.post(FEED, {}, format="json")
    assert posted.status_code == 405
    assert "POST" not in posted["Allow"]


def test_feed_dates_are_moments_in_utc(approved_claim, anon_client):
    [review] = anon_client.get(FEED).json()["results"]
    published = moment(review["datePublished"])
    assert published.utcoffset().total_seconds() == 0
    assert abs((published - approved_claim.approved_at).total_seconds()) < 0.001


def test_anonymous_callers_are_throttled(approved_claim, anon_client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)
    assert [anon_client.get(FEED).status_code for _ in range(3)] == [200, 200, 429]


def test_feed_and_export_publish_the_same_reviews(demo_approved, anon_client, tmp_path):
    feed = anon_client.get(FEED, {"page_size": 50}).json()["results"]
    out = tmp_path / "reviews.json"
    with out.open("wb") as handle:
        write_export("claimreview", export_queryset("claimreview", {}), handle)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert len(feed) == len(exported) == 6
    exported_by_url = {r["url"]: r for r in exported}
    for review in feed:  # the same members in the same order
        assert json.dumps(review) == json.dumps(exported_by_url[review["url"]])


def _approved(**fields):
    from django.utils import timezone

    from tests.factories import ClaimFactory

    return ClaimFactory(status="approved", rating="false", approved_at=timezone.now(), **fields)


def test_claim_review_leaves_out_what_the_claim_lacks(db, anon_client, settings):
    from tests.factories import OutletFactory, SourceFactory

    settings.SITE_URL = "https://desk.example.org/"  # a trailing slash is not doubled
    settings.FACTCHECK_ORGANIZATION = {"name": 'Desk "100%"', "url": "https://desk.example.org/"}
    tricky = 'He said "no",\n\\ Ñamé — “quoted” 😀 \x01'
    bare_source = SourceFactory(outlet=None, url="", published_at=None, title=tricky)
    outlet_source = SourceFactory(
        outlet=OutletFactory(name=tricky), published_at="2024-02-29", url='https://e.org/?q="a"'
    )
    by_outlet = _approved(source=outlet_source, speaker="", statement="", quote="q1")
    nobody = _approved(source=bare_source, speaker="", correction_note=tricky)
    reviews = {}
    for claim in (by_outlet, nobody):
        review = anon_client.get(f"{FEED}{claim.pk}/").json()
        assert review["url"] == f"https://desk.example.org/checks/{claim.pk}/"
        reviews[claim.pk] = review

    first = reviews[by_outlet.pk]
    assert first["author"] == {
        "@type": "Organization",
        "name": 'Desk "100%"',
        "url": "https://desk.example.org/",
    }
    assert first["claimReviewed"] == "q1"  # no statement: the quote
    assert first["itemReviewed"]["author"] == {"@type": "Organization", "name": tricky}
    assert first["itemReviewed"]["datePublished"] == "2024-02-29"
    assert first["itemReviewed"]["appearance"]["url"] == outlet_source.url
    assert first["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    assert "correction" not in first

    second = reviews[nobody.pk]
    assert second["claimReviewed"] == nobody.statement
    assert second["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "headline": tricky},
    }
    assert second["correction"] == {"@type": "CorrectionComment", "text": tricky}
    assert list(second) == [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "itemReviewed",
        "author",
        "reviewRating",
        "datePublished",
        "correction",
    ]
    out = io.StringIO()
    assert write_export("claimreview", export_queryset("claimreview", {}), out) == 2
    assert sorted(json.loads(out.getvalue()), key=lambda r: r["url"]) == sorted(
        reviews.values(), key=lambda r: r["url"]
    )


def test_a_random_forwarded_for_does_not_reset_the_feed_throttle(
    approved_claim, anon_client, monkeypatch
):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)
    statuses = [
        anon_client.get(FEED, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_is_throttled_apart(
    approved_claim, anon_client, monkeypatch, settings
):
    from rest_framework.throttling import AnonRateThrottle

    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)

    def get(forwarded: str) -> int:
        return anon_client.get(FEED, HTTP_X_FORWARDED_FOR=forwarded).status_code

    first = [get("198.51.100.7") for _ in range(2)]
    # The proxy appends the address it saw; what the client wrote before it is not believed.
    forged = [get(f"192.0.2.{n}, 198.51.100.7") for n in range(2)]
    other = get("198.51.100.8")

    assert (first, forged, other) == ([200, 200], [429, 429], 200)


def test_feed_pages_spelled_differently_share_one_cache_entry(
    demo_approved, anon_client, analyst, reviewer, source
):
    first = anon_client.get(FEED, {"page_size": "4", "page": "1"}).json()
    newer = record_claim(
        source,
        actor=analyst,
        start=0,
        end=12,
        kinds=["attributive"],
        statement="Officials say so.",
    )
    approve(newer, analyst, reviewer)

    spellings = [{"page_size": "04"}, {"page_size": "0004", "page": "01"}, {"page_size": " 4"}]
    counts = [anon_client.get(FEED, params).json()["count"] for params in spellings]
    wider = anon_client.get(FEED, {"page_size": "5"}).json()

    assert first["count"] == 6 and counts == [6, 6, 6]  # all served from the first entry
    assert wider["count"] == 7 and len(wider["results"]) == 5
    assert anon_client.get(FEED, {"page": "one"}).status_code == 404
