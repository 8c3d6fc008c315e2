"""Storing the extractor's candidates: fixed queries a batch, passages looked up in memory."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.candidates import BATCH, store_candidates
from claims.models import Claim, ClaimEvent
from claims.workflow import propose_candidates
from sources.importing import import_text
from sources.models import Passage

pytestmark = pytest.mark.django_db


def interview(turns: int, tag: str) -> str:
    """Return an interview of `turns` questions and answers, each answer with a figure."""
    lines = [f"Jane Roe, head of the {tag} water board, spoke to the Gazette."]
    for n in range(turns):
        lines += [f"— How many wells in district {n}?", f"— About {n + 10} wells were dug there."]
    return "\n\n".join(lines) + "\n"


def candidates_in(text: str, count: int) -> list[dict]:
    """Return one candidate a answer: the figure and its unit."""
    found, at = [], 0
    for _ in range(count):
        start = text.index("About ", at)
        end = text.index(" were dug", start)
        found.append({"start": start, "end": end, "kinds": ["quantitative"]})
        at = end
    return found


def stored(count: int):
    text = interview(count, tag=str(count))
    source = import_text(text, title=f"{count} answers", kind="interview").source
    candidates = candidates_in(text, count)
    with CaptureQueriesContext(connection) as queries:
        created = propose_candidates(source, candidates)
    return source, created, len(queries)


def test_storing_a_batch_runs_the_same_queries_for_10_and_201_candidates():
    assert BATCH + 1 == 201
    _, created_few, few = stored(10)
    source, created_many, many = stored(BATCH + 1)
    assert (created_few, created_many) == (10, BATCH + 1)
    assert few == many
    assert ClaimEvent.objects.filter(claim__source=source, action="propose").count() == BATCH + 1


def test_each_candidate_gets_the_passage_holding_it_and_its_speaker():
    source, _, _ = stored(40)
    claims = list(Claim.objects.filter(source=source).select_related("passage"))
    assert len(claims) == 40
    for claim in claims:
        holding = Passage.objects.get(source=source, start__lte=claim.start, end__gt=claim.start)
        assert claim.passage == holding
        assert claim.passage.role == "answer"
        assert claim.speaker == holding.speaker != ""
        assert claim.status == "candidate" and claim.origin == "extractor"


def test_spans_already_held_are_skipped_and_cost_no_more_queries():
    text = interview(30, tag="again")
    source = import_text(text, title="again", kind="interview").source
    candidates = candidates_in(text, 30)
    assert propose_candidates(source, candidates[:10]) == 10
    with CaptureQueriesContext(connection) as queries:
        created = propose_candidates(source, candidates)
    assert created == 20
    with CaptureQueriesContext(connection) as again:
        assert propose_candidates(source, candidates) == 0
    assert len(again) <= len(queries)
    assert Claim.objects.filter(source=source).count() == 30
    assert ClaimEvent.objects.filter(claim__source=source).count() == 30


def test_stored_candidate_keeps_every_field_the_extractor_gave():
    text = interview(2, tag="fields")
    source = import_text(text, title="fields", kind="interview").source
    span = candidates_in(text, 1)[0]
    propose_candidates(
        source,
        [
            {
                **span,
                "quote": text[span["start"] : span["end"]],
                "kinds": ["quantitative", "attributive"],
                "quantity_text": "About 10",
                "qualifier": "about",
                "value_low": 9,
                "value_high": Decimal("11.5"),
                "unit": "wells",
                "tags": ["Tarn", 'a "quoted" tag'],
                "speaker": "Someone else",
            }
        ],
    )
    claim = Claim.objects.get(source=source)
    assert claim.kinds == ["attributive", "quantitative"]
    assert (claim.value_low, claim.value_high) == (Decimal("9"), Decimal("11.5"))
    assert (claim.quantity_text, claim.qualifier, claim.unit) == ("About 10", "about", "wells")
    assert claim.tags == ["Tarn", 'a "quoted" tag']
    assert claim.speaker == "Someone else"  # the extractor's speaker wins over the passage's
    assert claim.quote == text[claim.start : claim.end]
    assert claim.prefix == text[max(0, claim.start - 32) : claim.start]
    assert claim.created_at is not None and claim.version == 1
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.action, event.to_status, event.actor, event.changes) == (
        "propose",
        "candidate",
        None,
        {},
    )


def test_looking_again_in_a_long_source_stores_nothing_new():
    text = interview(300, tag="long")
    source = import_text(text, title="long", kind="interview").source
    first = store_candidates(source.pk)
    assert first["created"] > BATCH
    again = store_candidates(source.pk)
    assert again["created"] == 0
    assert Claim.objects.filter(source=source).count() == first["created"]


def claim_table_scans() -> int:
    """Return how many times this transaction has read the whole claim table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'claims_claim'"
        )
        return cursor.fetchone()[0]


def test_a_long_text_after_a_short_one_never_reads_every_claim_for_each_new_one():
    # The checks that each new event names a claim run at the end of each statement here (at
    # each batch's commit otherwise), from a plan the connection keeps once a few checks have
    # run. Planned while the table held the short text's 40 claims alone, it reads the whole
    # table for each new row (603 reads here) unless it is planned again between batches.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    short = import_text(interview(40, tag="short"), title="Short", kind="interview").source
    store_candidates(short.pk)
    count = BATCH * 3 + 1
    long = import_text(interview(count, tag="long"), title="Long", kind="interview").source
    before = claim_table_scans()
    assert store_candidates(long.pk)["created"] == count
    assert ClaimEvent.objects.filter(claim__source=long, action="propose").count() == count
    assert claim_table_scans() - before < BATCH  # one a new claim, 601, when never replanned
