"""GET /api/v1/claims/{id}/similar/ and /api/v1/claims/similar/?text=: suggestions only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimEvent, ClaimLink
from tests.api.conftest import token_client
from tests.similar.conftest import EARLIER, PARAPHRASE, make_claim

pytestmark = pytest.mark.django_db


def test_similar_lists_earlier_claims_with_every_field(earlier, later, analyst):
    events = ClaimEvent.objects.count()
    response = token_client(analyst).get(f"/api/v1/claims/{later.pk}/similar/")
    assert response.status_code == 200
    body = response.json()
    assert body["claim"] == later.pk
    first = body["results"][0]
    assert first["id"] == earlier.pk
    assert first["quote"] == EARLIER
    assert first["source"] == {"id": earlier.source_id, "title": earlier.source.title}
    assert (first["status"], first["rating"]) == ("approved", "false")
    assert first["strength"] == "strong" and 0 < first["score"] <= 1
    assert "same place: Bambari" in first["reasons"]
    assert first["linked"] is False and first["url"] == f"/claims/{earlier.pk}/"
    # It only suggests: nothing is written.
    assert ClaimEvent.objects.count() == events and not ClaimLink.objects.exists()


def test_similar_is_ordered_best_first_and_limited(earlier, analyst):
    for n in range(4):
        make_claim(f"{EARLIER} ({n})", status=Claim.Status.OPEN)
    probe = make_claim(PARAPHRASE)
    results = token_client(analyst).get(f"/api/v1/claims/{probe.pk}/similar/?limit=3").json()
    assert len(results["results"]) == 3
    assert results["results"][0]["id"] == earlier.pk  # the approved one first
    scores = [r["score"] for r in results["results"][1:]]
    assert scores == sorted(scores, reverse=True)


def test_similar_of_an_unknown_claim_is_404(analyst):
    assert token_client(analyst).get("/api/v1/claims/999999/similar/").status_code == 404


def test_outsiders_and_anonymous_callers_get_no_suggestions(later, outsider):
    assert token_client(outsider).get(f"/api/v1/claims/{later.pk}/similar/").status_code == 403
    assert token_client(None).get(f"/api/v1/claims/{later.pk}/similar/").status_code == 403
    response = token_client(outsider).get(f"/api/v1/claims/similar/?text={PARAPHRASE}")
    assert response.status_code == 403


def test_reviewers_see_suggestions_too(earlier, later, reviewer):
    response = token_client(reviewer).get(f"/api/v1/claims/{later.pk}/similar/")
    assert response.status_code == 200 and response.json()["results"][0]["id"] == earlier.pk


def test_bad_limit_names_the_field(later, analyst):
    for limit in ("0", "21", "many"):
        response = token_client(analyst).get(f"/api/v1/claims/{later.pk}/similar/?limit={limit}")
        assert response.status_code == 400 and "limit" in response.json()


def test_similar_is_read_only(later, analyst):
    response = token_client(analyst).post(f"/api/v1/claims/{later.pk}/similar/", {})
    assert response.status_code == 405


def test_text_not_recorded_yet_finds_the_earlier_claim(earlier, analyst):
    response = token_client(analyst).get("/api/v1/claims/similar/", {"text": PARAPHRASE})
    assert response.status_code == 200
    body = response.json()
    assert body["claim"] is None and body["results"][0]["id"] == earlier.pk


def test_a_span_of_a_source_is_read_and_claims_over_it_left_out(earlier, analyst):
    text = f"{PARAPHRASE} {EARLIER}"
    source_claim = make_claim(text, end=len(PARAPHRASE))
    client = token_client(analyst)
    span = {"source": source_claim.source_id, "start": 0, "end": len(PARAPHRASE)}
    ids = [r["id"] for r in client.get("/api/v1/claims/similar/", span).json()["results"]]
    assert earlier.pk in ids and source_claim.pk not in ids
    start = len(PARAPHRASE) + 1
    other = {"source": source_claim.source_id, "start": start, "end": len(text)}
    ids = [r["id"] for r in client.get("/api/v1/claims/similar/", other).json()["results"]]
    assert source_claim.pk in ids  # another span of the same source counts


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "null\x00char"}, "text"),
        ({"text": "fine", "limit": "-1"}, "limit"),
        ({"source": "1"}, "source"),
        ({"source": "999999", "start": "0", "end": "5"}, "source"),
        ({"start": "0", "end": "5"}, "source"),
    ],
)
def test_bad_text_queries_name_the_field(earlier, analyst, params, field):
    response = token_client(analyst).get("/api/v1/claims/similar/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_span_outside_the_text_names_end(earlier, analyst):
    params = {"source": earlier.source_id, "start": "5", "end": "99999"}
    response = token_client(analyst).get("/api/v1/claims/similar/", params)
    assert response.status_code == 400 and "end" in response.json()


def test_similar_runs_the_same_queries_however_many_claims_match(earlier, analyst):
    client = token_client(analyst)
    counts = []
    for start, extra in ((0, 1), (1, 25)):
        for n in range(start, start + extra):
            make_claim(f"{EARLIER} ({n})", status=Claim.Status.APPROVED, rating="false")
        later = make_claim(f"{PARAPHRASE} ({start})")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/claims/{later.pk}/similar/?limit=20")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
