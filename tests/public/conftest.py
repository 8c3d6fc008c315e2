"""Fixtures of the public pages: verdicts carried through the workflow, a settable site."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.models import Claim
from claims.workflow import add_evidence, apply_action, record_claim, update_claim
from tests.factories import OutletFactory, SourceFactory

SITE = "https://checks.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.FACTCHECK_ORGANIZATION = {"name": "Desk", "url": f"{SITE}/"}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def source(db):
    return SourceFactory(
        title="Minister's interview",
        outlet=OutletFactory(name="Daily Ledger", reliability="B"),
        text="The minister said that almost a thousand militants surrendered in 2024. "
        "He added that the head of Niger stated that France trains terrorists.",
        published_at="2025-03-01",
        url="https://news.example.org/interview",
    )


def publish(
    claim: Claim,
    analyst,
    reviewer,
    *,
    rating: str = "false",
    evidence_source=None,
    excerpt: str = "The panel counted 412 surrenders.",
    source_figure: str = "412",
    rationale: str = "The UN panel counted 412 surrenders, not a thousand.",
) -> Claim:
    """Carry a recorded claim to approved through the workflow, with one contradicting source."""
    claim = apply_action(claim.pk, "start", actor=analyst, version=claim.version)
    add_evidence(
        claim.pk,
        actor=analyst,
        source=evidence_source or SourceFactory(title="UN panel report"),
        stance="contradicts",
        excerpt=excerpt,
        source_figure=source_figure,
        credibility=2,
    )
    claim.refresh_from_db()
    claim = apply_action(
        claim.pk,
        "submit",
        actor=analyst,
        version=claim.version,
        rating=rating,
        rationale=rationale,
    )
    return apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)


def correct(claim: Claim, analyst, reviewer, *, rating: str, reason: str) -> Claim:
    """Reopen an approved verdict, change its rating, and approve it again."""
    claim = apply_action(claim.pk, "reopen", actor=reviewer, version=claim.version, comment=reason)
    claim = update_claim(
        claim.pk,
        actor=analyst,
        version=claim.version,
        rating=rating,
        rationale="The ministry's later ledger counts 960 surrenders.",
    )
    claim = apply_action(claim.pk, "submit", actor=analyst, version=claim.version)
    return apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)


@pytest.fixture
def surrenders(source, analyst) -> Claim:
    """A quantitative claim recorded with its statement."""
    return record_claim(
        source,
        actor=analyst,
        start=23,
        end=71,
        kinds=["quantitative"],
        speaker="The minister",
        statement="Almost 1,000 militants surrendered in 2024.",
    )


@pytest.fixture
def published_claim(surrenders, analyst, reviewer) -> Claim:
    return publish(surrenders, analyst, reviewer)
