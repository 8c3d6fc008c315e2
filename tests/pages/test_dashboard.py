"""The dashboard: counts, charts drawn as SVG, the oldest waiting, fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import workflow
from claims.models import Claim
from claims.workflow.sources import archive_source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_dashboard_counts_claims_by_status_and_draws_charts(analyst_client):
    ClaimFactory.create_batch(3, status=Claim.Status.OPEN, speaker="Mayor")
    ClaimFactory(status=Claim.Status.APPROVED, rating="false", speaker="Mayor")
    waiting = ClaimFactory(status=Claim.Status.IN_REVIEW, submitted_at=timezone.now())
    response = analyst_client.get("/")
    body = response.content.decode()
    counts = dict((s.value, n) for s, n in response.context["statuses"])
    assert counts["open"] == 3 and counts["approved"] == 1 and counts["in_review"] == 1
    assert '<span class="stat-n" data-status="open">3</span>' in body
    assert body.count("<svg") == 5
    assert "Mayor 4" in body  # the speaker chart's text alternative
    assert f'href="/claims/{waiting.pk}/"' in body


def test_weekly_chart_counts_recorded_and_approved_from_the_trail(analyst, reviewer, analyst2):
    source = SourceFactory()
    claim = workflow.record_claim(
        source, actor=analyst, start=0, end=6, kinds=["attributive"], statement="A report."
    )
    assert sum(col.recorded for col in _weekly()) == 1
    for action, actor in (("start", analyst),):
        claim = workflow.apply_action(claim.pk, action, actor=actor, version=claim.version)
    claim = workflow.apply_action(
        claim.pk,
        "submit",
        actor=analyst,
        version=claim.version,
        rating="unverifiable",
        rationale="No record either way.",
    )
    workflow.apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)
    assert sum(col.approved for col in _weekly()) == 1


def _weekly():
    from claims.stats import weekly

    return weekly()["columns"]


def test_dashboard_queries_do_not_grow_with_the_data(analyst_client):
    counts = []
    for more in (5, 45):
        for source in SourceFactory.create_batch(more):
            ClaimFactory(source=source, status=Claim.Status.IN_REVIEW, submitted_at=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            analyst_client.get("/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_outsider_is_refused_the_dashboard(outsider_client):
    assert outsider_client.get("/").status_code == 403


def test_an_archived_source_leaves_the_sources_chart_and_keeps_its_claims(analyst_client, analyst):
    kept, archived = SourceFactory(title="Kept bulletin"), SourceFactory(title="Old bulletin")
    ClaimFactory.create_batch(2, source=kept, status=Claim.Status.OPEN)
    ClaimFactory.create_batch(3, source=archived, status=Claim.Status.OPEN)
    assert [title for _, title, _ in _top_sources()] == ["Old bulletin", "Kept bulletin"]
    archive_source(archived, actor=analyst, comment="superseded")
    assert _top_sources() == [(kept.pk, "Kept bulletin", 2)]
    assert Claim.objects.filter(source=archived).count() == 3
    body = analyst_client.get("/").content.decode()
    assert "Old bulletin" not in body and "Kept bulletin" in body


def _top_sources():
    from claims.stats import top_sources

    return top_sources()
