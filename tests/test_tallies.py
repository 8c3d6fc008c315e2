"""The running tallies stay equal to the rows they count, whatever path changes the rows."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from claims import counting, tallies, workflow
from claims.candidates import BATCH
from claims.filters import ClaimFilter
from claims.models import Claim, ClaimEvent
from claims.tallies import SourceTally, SpeakerTally, StatusTally, WeekTally
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def counted(model, *keys) -> dict:
    """Return a tally's non-zero counts keyed by its columns."""
    return {row[:-1]: row[-1] for row in model.objects.values_list(*keys, "n") if row[-1]}


def assert_tallies_match_the_rows() -> None:
    def actual(*keys) -> dict:
        rows = Claim.objects.values_list(*keys).annotate(n=Count("id")).order_by()
        return {row[:-1]: row[-1] for row in rows}

    assert counted(StatusTally, "status", "rating") == actual("status", "rating")
    assert counted(SourceTally, "source_id", "status") == actual("source_id", "status")
    assert counted(SpeakerTally, "speaker", "status") == actual("speaker", "status")
    weeks = (
        ClaimEvent.objects.annotate(week=TruncWeek("created_at"))
        .values_list("week", "action")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert counted(WeekTally, "week", "action") == {
        (week.date(), action): n for week, action, n in weeks
    }


def test_tallies_follow_the_workflow_from_record_to_approval(analyst, reviewer):
    source = SourceFactory()
    claim = workflow.record_claim(source, actor=analyst, start=0, end=6, kinds=["attributive"])
    assert tallies.status_counts()["open"] == 1
    claim = workflow.apply_action(claim.pk, "start", actor=analyst, version=claim.version)
    claim = workflow.update_claim(claim.pk, actor=analyst, version=claim.version, statement="x")
    claim = workflow.apply_action(
        claim.pk,
        "submit",
        actor=analyst,
        version=claim.version,
        rating="unverifiable",
        rationale="No record either way.",
    )
    workflow.apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)

    assert tallies.status_counts() == {**dict.fromkeys(Claim.Status.values, 0), "approved": 1}
    assert tallies.rating_counts() == {"unverifiable": 1}
    assert tallies.status_counts(source_id=source.pk)["approved"] == 1
    assert_tallies_match_the_rows()


def test_tallies_follow_a_batch_of_candidates_one_past_the_batch_size(analyst):
    source = SourceFactory(text="Forty wells. " * (BATCH + 1))
    candidates = [
        {"start": 13 * i, "end": 13 * i + 12, "quote": "Forty wells.", "kinds": ["quantitative"]}
        for i in range(BATCH + 1)
    ]
    assert workflow.propose_candidates(source, candidates) == BATCH + 1

    assert tallies.status_counts(source_id=source.pk)["candidate"] == BATCH + 1
    assert_tallies_match_the_rows()


def test_tallies_follow_deletes_speaker_changes_and_raw_sql():
    claims = ClaimFactory.create_batch(4, status="open", speaker="Mayor")
    Claim.objects.filter(pk=claims[0].pk).update(speaker="Governor", status="in_research")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET status = 'dismissed' WHERE id = %s", [claims[1].pk])
    Claim.objects.filter(pk=claims[2].pk).delete()

    assert counted(SpeakerTally, "speaker", "status") == {
        ("Governor", "in_research"): 1,
        ("Mayor", "dismissed"): 1,
        ("Mayor", "open"): 1,
    }
    assert_tallies_match_the_rows()


def test_an_edit_that_changes_no_counted_column_writes_no_tally(analyst):
    claim = ClaimFactory(status="open")
    with CaptureQueriesContext(connection) as queries:
        workflow.update_claim(claim.pk, actor=analyst, version=claim.version, statement="New.")
    assert not any("tally" in q["sql"] for q in queries.captured_queries)  # done by the trigger
    assert counted(StatusTally, "status", "rating") == {("open", ""): 1}


def test_list_counts_are_exact_from_tallies_and_estimated_past_the_limit(monkeypatch):
    ClaimFactory.create_batch(12, status="open", tags=["Niger"])
    ClaimFactory.create_batch(3, status="approved", rating="false")

    exact = counting.count_claims(ClaimFilter({"status": ["open"]}, queryset=Claim.objects.all()))
    assert exact == counting.ListCount(12)
    monkeypatch.setattr(counting, "EXACT_LIMIT", 10)
    by_tag = counting.count_claims(ClaimFilter({"tag": "Niger"}, queryset=Claim.objects.all()))
    small = counting.count_claims(ClaimFilter({"rating": ["false"]}, queryset=Claim.objects.all()))

    assert not by_tag.exact and by_tag.n >= 11 and str(by_tag).startswith("about ")
    assert small == counting.ListCount(3)


def test_a_large_estimate_reads_as_a_person_would_say_it():
    assert str(counting.ListCount(1_234_567, exact=False)) == "about 1.2 million"
    assert str(counting.ListCount(2_000_000, exact=False)) == "about 2 million"
    assert str(counting.ListCount(47_312, exact=False)) == "about 47,000"
    assert str(counting.ListCount(1_234)) == "1,234"


def test_a_count_is_one_query_whether_exact_or_estimated(monkeypatch):
    ClaimFactory.create_batch(12, tags=["Niger"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")  # as autovacuum keeps a live table
    monkeypatch.setattr(counting, "EXACT_LIMIT", 5)
    results = []
    for tags in (["Niger"], ["Mali"]):
        with CaptureQueriesContext(connection) as queries:
            results.append(counting.count_rows(Claim.objects.filter(tags__contains=tags)))
        assert len(queries) == 1

    assert not results[0].exact and results[0].n >= 6
    assert results[1] == counting.ListCount(0)


@pytest.mark.parametrize("query", [{"tag": "Niger"}, {"q": "boreholes"}])
def test_status_tabs_of_a_filtered_list_are_one_query_exact_up_to_the_limit(monkeypatch, query):
    ClaimFactory.create_batch(
        3, status="open", tags=["Niger"], quote="Forty boreholes were drilled."
    )
    ClaimFactory.create_batch(
        2, status="approved", rating="false", tags=["Niger"], quote="Nine boreholes were drilled."
    )
    ClaimFactory(status="open", tags=["Mali"], quote="Ten schools opened.")
    data = QueryDict(urlencode({**query, "status": "approved"}))
    filters = ClaimFilter(data, queryset=Claim.objects.all())

    monkeypatch.setattr(counting, "TAB_SAMPLE", 6)  # one more than the list holds
    filters.qs  # noqa: B018  (the list itself, which reads a search's words once for both)
    with CaptureQueriesContext(connection) as queries:
        tabs = counting.status_counts(filters)
    # One count; a search's list also asks the planner how common each term is (EXPLAIN).
    assert [q for q in queries if not q["sql"].startswith("EXPLAIN")] == queries[-1:]
    assert tabs["open"] == counting.ListCount(3) and tabs["approved"] == counting.ListCount(2)
    assert tabs["in_review"] == counting.ListCount(0)

    monkeypatch.setattr(counting, "TAB_SAMPLE", 5)  # exactly as many: shared out, estimated
    tabs = counting.status_counts(filters)
    assert not tabs["open"].exact and tabs["open"].n >= tabs["approved"].n > 0
    assert tabs["in_review"].n == 0


def test_a_rating_filter_is_counted_exactly_from_the_tallies_past_the_limit(monkeypatch):
    source = SourceFactory()
    ClaimFactory.create_batch(3, status="approved", rating="false", source=source)
    ClaimFactory(status="approved", rating="misleading")
    ClaimFactory(status="in_review", rating="false")
    monkeypatch.setattr(counting, "EXACT_LIMIT", 2)
    monkeypatch.setattr(counting, "TAB_SAMPLE", 2)

    filters = ClaimFilter(QueryDict("rating=false"), queryset=Claim.objects.all())
    with CaptureQueriesContext(connection) as queries:
        listed = counting.count_claims(filters)
        tabs = counting.status_counts(filters)
    assert listed == counting.ListCount(4)
    assert tabs["approved"] == counting.ListCount(3) and tabs["in_review"] == counting.ListCount(1)
    assert all("claims_claim" not in q["sql"] for q in queries.captured_queries)

    with_source = QueryDict(f"rating=false&source={source.pk}")
    mixed = counting.count_claims(ClaimFilter(with_source, queryset=Claim.objects.all()))
    assert not mixed.exact  # rating and source together: no tally holds both, rows counted
