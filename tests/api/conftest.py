"""Fixtures of the API tests: token clients for each member, a claim in each state."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from claims.workflow import add_evidence, apply_action, record_claim
from tests.factories import SourceFactory


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    """Start every test with an empty cache (feed pages, throttle counters) and media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def analyst_client(analyst) -> APIClient:
    return token_client(analyst)


@pytest.fixture
def reviewer_client(reviewer) -> APIClient:
    return token_client(reviewer)


@pytest.fixture
def outsider_client(outsider) -> APIClient:
    return token_client(outsider)


@pytest.fixture
def source(db):
    return SourceFactory(
        text="The minister said that almost a thousand militants surrendered in 2024. "
        "He added that 14 children were freed near Bria.",
        published_at="2025-03-01",
        url="https://news.example.org/interview",
    )


@pytest.fixture
def open_claim(source, analyst) -> Claim:
    return record_claim(
        source,
        actor=analyst,
        start=23,
        end=72,
        kinds=["quantitative"],
        statement="Almost 1,000 militants surrendered in 2024.",
        speaker="The minister",
    )


def approve(claim: Claim, analyst, reviewer, *, rating: str = "mostly_true") -> Claim:
    """Carry a claim from open to approved through the workflow."""
    claim = apply_action(claim.pk, "start", actor=analyst, version=claim.version)
    add_evidence(claim.pk, actor=analyst, source=SourceFactory(), stance="supports")
    claim.refresh_from_db()
    claim = apply_action(
        claim.pk,
        "submit",
        actor=analyst,
        version=claim.version,
        rating=rating,
        rationale="Official figures give 950.",
    )
    return apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)


@pytest.fixture
def approved_claim(open_claim, analyst, reviewer) -> Claim:
    return approve(open_claim, analyst, reviewer)
