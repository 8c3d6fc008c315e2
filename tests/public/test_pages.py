"""The public fact-check pages: a verdict's page, its JSON-LD, and what stays unpublished."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.workflow import apply_action, record_claim
from tests.public.conftest import SITE, correct, publish

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_review(anon, url: str) -> tuple[str, dict]:
    """GET a ClaimReview `url` without signing in; return the HTML and its JSON-LD."""
    response = anon.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    [block] = LD_JSON.findall(html)
    return html, json.loads(block)


def feed_review(anon, claim: Claim) -> dict:
    response = anon.get(f"/api/v1/claimreview/{claim.pk}/")
    assert response.status_code == 200
    return response.json()


def test_anyone_opens_a_verdicts_url_and_finds_the_feeds_claimreview_in_it(anon, published_claim):
    review = feed_review(anon, published_claim)
    assert review["url"] == f"{SITE}/checks/{published_claim.pk}/"

    html, in_page = page_review(anon, review["url"])

    assert in_page == review
    assert "Almost 1,000 militants surrendered in 2024." in html
    # The claim in its context, the verdict, the rationale, the evidence with grades.
    assert "The minister said that </span><mark>almost a thousand militants" in html
    assert "Our verdict: False" in html
    assert "The UN panel counted 412 surrenders, not a thousand." in html
    assert "UN panel report" in html and "credibility 2" in html
    assert "Source figure: <strong>412</strong>" in html
    assert 'rel="canonical" href="https://checks.example.org/checks/' in html


def test_json_ld_cannot_end_its_script_block(anon, source, analyst, reviewer):
    claim = record_claim(
        source,
        actor=analyst,
        start=0,
        end=12,
        kinds=["quantitative"],
        statement="A </script><script>alert(1)</script> & more",
    )
    claim = publish(claim, analyst, reviewer)

    html, in_page = page_review(anon, feed_review(anon, claim)["url"])

    assert in_page == feed_review(anon, claim)
    assert in_page["claimReviewed"] == "A </script><script>alert(1)</script> & more"
    assert "<script>alert" not in html


def test_the_page_is_allowed_by_the_content_security_policy(anon, published_claim):
    response = anon.get(f"/checks/{published_claim.pk}/")
    policy = response["Content-Security-Policy"]
    # A JSON-LD data block is not script: script-src 'self' does not stop it, and the page
    # carries no inline script.
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert len(re.findall(r"<script", response.content.decode())) == 1


def test_unpublished_claims_are_404_for_everyone(
    anon, reviewer_client, surrenders, source, analyst, reviewer, reviewer2
):
    for client in (anon, reviewer_client):
        assert client.get(f"/checks/{surrenders.pk}/").status_code == 404
    published = publish(surrenders, analyst, reviewer)
    assert anon.get(f"/checks/{published.pk}/").status_code == 200
    apply_action(published.pk, "reopen", actor=reviewer2, version=published.version, comment="New")
    for client in (anon, reviewer_client):
        response = client.get(f"/checks/{surrenders.pk}/")
        assert response.status_code == 404
        assert "surrendered" not in response.content.decode()
    assert anon.get("/checks/999999/").status_code == 404
    assert anon.get(f"/api/v1/claimreview/{surrenders.pk}/").status_code == 404


def test_attributive_claims_name_the_attributed_actor_as_the_claimant(
    anon, source, analyst, reviewer
):
    claim = record_claim(
        source,
        actor=analyst,
        start=86,
        end=141,
        kinds=["attributive"],
        speaker="The minister",
        attributed_to="the head of Niger",
        attribution_verb="stated",
        statement="Niger's president says France trains terrorists.",
    )
    claim = publish(claim, analyst, reviewer)

    review = feed_review(anon, claim)

    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "the head of Niger"}
    html, in_page = page_review(anon, review["url"])
    assert in_page["itemReviewed"]["author"]["name"] == claim.attributed_to
    assert "<strong>the head of Niger</strong>, as The minister reports it," in html


def test_an_outlet_is_an_organization_and_placeholder_voices_are_nobody(
    anon, source, analyst, reviewer
):
    by_outlet = record_claim(
        source,
        actor=analyst,
        start=0,
        end=12,
        kinds=["attributive"],
        attributed_to="daily ledger",  # an outlet the desk knows, named in other case
        statement="The Ledger reported a surrender.",
    )
    by_outlet = publish(by_outlet, analyst, reviewer)
    assert feed_review(anon, by_outlet)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "daily ledger",
    }

    from sources.importing import import_text

    plain = import_text(
        "Officials said that 1,200 people were evacuated from the valley.", title="Plain note"
    ).source
    [passage] = plain.passages.all()
    assert (passage.role, passage.speaker) == ("narration", "")  # nobody invented
    claim = record_claim(
        plain, actor=analyst, start=20, end=56, kinds=["quantitative"], statement="1,200 left."
    )
    assert claim.speaker == ""
    claim = publish(claim, analyst, reviewer)
    assert "author" not in feed_review(anon, claim)["itemReviewed"]

    said = record_claim(
        plain,
        actor=analyst,
        start=0,
        end=15,
        kinds=["attributive"],
        attributed_to="Officials",
        statement="Officials gave the figure.",
    )
    said = publish(said, analyst, reviewer)
    assert feed_review(anon, said)["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Officials",
    }


def test_a_corrected_verdict_is_dated_and_keeps_its_earlier_verdict(
    anon, published_claim, analyst, reviewer2
):
    first = feed_review(anon, published_claim)
    assert "dateModified" not in first and "correction" not in first

    corrected = correct(
        published_claim, analyst, reviewer2, rating="misleading", reason="A later ledger."
    )

    review = feed_review(anon, corrected)
    assert review["datePublished"] == first["datePublished"]
    assert review["dateModified"] > review["datePublished"]
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["correction"]["text"] == corrected.correction_note
    assert "earlier verdict was “False”" in corrected.correction_note
    html, in_page = page_review(anon, review["url"])
    assert in_page == review
    assert f"<strong>Correction.</strong> {corrected.correction_note}" in html
    # The history keeps the earlier verdict and its rationale beside the correction.
    history = html[html.index("History of this verdict") :]
    assert "Published: <strong>False</strong>" in history
    assert "The UN panel counted 412 surrenders, not a thousand." in history
    assert "Reopened for correction: A later ledger." in history
    assert "Corrected verdict: <strong>Misleading</strong>" in history


@pytest.mark.parametrize("path", ["/checks/", "/checks/feed/"])
def test_public_lists_need_no_sign_in(anon, published_claim, path):
    response = anon.get(path)
    assert response.status_code == 200
    assert f"/checks/{published_claim.pk}/" in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_the_claim_page_links_its_published_verdict(analyst_client, published_claim):
    html = analyst_client.get(reverse("claim-detail", args=[published_claim.pk])).content.decode()
    assert f'href="/checks/{published_claim.pk}/"' in html
