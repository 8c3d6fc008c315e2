"""The claim list's `q` (page, API and exports) is the same search, best match first."""

import pytest

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "q", ["Militants surrendered", "milittants", "1000 militants", "Central African Republic"]
)
def test_claim_list_q_finds_the_surrender_claim(analyst_client, surrender_claim, neighbours, q):
    page = analyst_client.get("/claims/", {"q": q})
    assert surrender_claim in page.context["page"].object_list
    api = analyst_client.get("/api/v1/claims/", {"q": q}).json()
    assert surrender_claim.pk in [row["id"] for row in api["results"]]


def test_claim_list_q_orders_by_rank_unless_a_sort_is_asked(analyst_client):
    one = ClaimFactory(quote="militants crossed the river", statement="")
    both = ClaimFactory(quote="militants surrendered their weapons", statement="")
    other = ClaimFactory(quote="more militants", statement="", rationale="they surrendered")
    ranked = analyst_client.get("/api/v1/claims/", {"q": "militants surrendered"}).json()
    assert [row["id"] for row in ranked["results"]] == [both.pk, other.pk, one.pk]
    by_id = analyst_client.get("/api/v1/claims/", {"q": "militants surrendered", "ordering": "id"})
    assert [row["id"] for row in by_id.json()["results"]] == [one.pk, both.pk, other.pk]
    page = analyst_client.get("/claims/", {"q": "militants surrendered"})
    assert list(page.context["page"].object_list) == [both, other, one]


def test_claim_list_counts_a_search_and_its_status_tabs(analyst_client, surrender_claim):
    ClaimFactory(quote="militants surrendered", statement="", status="candidate")
    page = analyst_client.get("/claims/", {"q": "militants"})
    assert page.context["list_count"].n == 2 and page.context["list_count"].exact
    counts = {s.value: n.n for s, n in page.context["status_counts"]}
    assert counts["open"] == 1 and counts["candidate"] == 1 and counts["approved"] == 0


def test_claim_list_q_too_long_or_empty_of_words(analyst_client, surrender_claim):
    assert analyst_client.get("/api/v1/claims/", {"q": "x" * 201}).status_code == 400
    assert analyst_client.get("/api/v1/claims/", {"q": "the"}).json()["count"] == 0
    assert analyst_client.get("/claims/", {"q": "x" * 201}).status_code == 200  # shown on the form
