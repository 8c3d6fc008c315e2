"""Every page and list the scale benchmark times runs the same number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim
from tests.conftest import signed_in
from tests.factories import ClaimEventFactory, ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db

STATUSES = ["candidate", "dismissed", "open", "in_research", "in_review", "approved"]
URLS = [
    "/api/v1/claims/?status=approved",
    "/api/v1/claims/?q=wells",
    "/api/v1/claims/?page_size=100",
    "/api/v1/claims/?ordering=-created_at&page=2&page_size=5",
    "/claims/",
    "/claims/?status=in_review",
    "/claims/?tag=Niger&q=wells",
    "/review/",
    "/",
    "/sources/",
    "/my-work/",
]


def add_claims(n: int, analyst) -> None:
    """Add n claims in every status, with evidence and events, spread over a few sources."""
    sources = SourceFactory.create_batch(3)
    for i in range(n):
        status = STATUSES[i % len(STATUSES)]
        reviewed = status in ("in_review", "approved")
        claim = ClaimFactory(
            source=sources[i % 3],
            status=status,
            speaker=f"Speaker {i % 4}",
            tags=["Niger"],
            assignee=analyst if status != "candidate" else None,
            rating="false" if reviewed else "",
            submitted_at=timezone.now() if reviewed else None,
            approved_at=timezone.now() if status == "approved" else None,
        )
        EvidenceFactory.create_batch(2, claim=claim)
        ClaimEventFactory(claim=claim, action="accept")


def query_counts(client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_pages_and_lists_run_the_same_queries_at_two_sizes(analyst, reviewer):
    client, reviewing = signed_in(analyst), signed_in(reviewer)
    add_claims(12, analyst)
    claim = Claim.objects.filter(status="open").first()
    urls = [*URLS, f"/claims/{claim.pk}/", f"/sources/{claim.source_id}/"]
    # Checked before? for a claim, for new words, and the queue's precedent.
    urls += [
        f"/api/v1/claims/{claim.pk}/similar/?limit=20",
        "/api/v1/claims/similar/?text=Officials say 40 wells were dug in 2024&limit=20",
        f"/claims/{claim.pk}/similar/?approved=1",
    ]
    small = query_counts(client, urls) | {"queue": query_counts(reviewing, ["/review/"])}

    add_claims(60, analyst)
    large = query_counts(client, urls) | {"queue": query_counts(reviewing, ["/review/"])}

    assert large == small
