"""The search index kept by the database: written with every change, whatever path it took."""

import random
from itertools import pairwise

import pytest
from django.db import connection

from claims.models import Claim, Evidence
from claims.search.models import ClaimDocument, EvidenceDocument, PassageDocument, SearchWord
from claims.workflow import update_claim
from extraction.figures import unit_key
from sources.importing import import_text
from sources.models import Passage, Source
from tests.factories import ClaimFactory, EvidenceFactory, PassageFactory, SourceFactory

pytestmark = pytest.mark.django_db


def matches(model, field: str, pk: int, words: str) -> bool:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT document @@ plainto_tsquery('claimdesk', %s) FROM {table} WHERE {field} = %s",
            [words, pk],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def test_a_new_claim_is_indexed_with_its_figure_and_words(surrender_claim):
    document = ClaimDocument.objects.get(claim=surrender_claim)
    assert (document.unit_key, document.figure_low, document.figure_high) == ("militant", 900, 999)
    assert matches(ClaimDocument, "claim_id", surrender_claim.pk, "militants surrendered car")
    assert SearchWord.objects.filter(word__in=["militants", "voluntarily", "ivanov"]).count() == 3


def test_open_bounds_and_no_bounds(db):
    over = ClaimFactory(value_low=301, value_high=None, unit="militants")
    none = ClaimFactory(value_low=None, value_high=None, unit="militants")
    assert ClaimDocument.objects.get(claim=over).figure_high == float("inf")
    assert ClaimDocument.objects.get(claim=none).unit_key == ""


def test_an_edit_through_the_workflow_reindexes_the_claim(analyst, surrender_claim):
    update_claim(
        surrender_claim.pk,
        actor=analyst,
        version=surrender_claim.version,
        statement="Former rebels handed over their rifles in Bambari.",
        value_low=950,
    )
    assert matches(ClaimDocument, "claim_id", surrender_claim.pk, "rifles Bambari")
    assert ClaimDocument.objects.get(claim=surrender_claim).figure_low == 950
    assert SearchWord.objects.filter(word="rifles").exists()


def test_status_rating_kinds_and_tags_are_indexed_as_facets(surrender_claim):
    document = "claims_claimdocument"
    assert matches(ClaimDocument, "claim_id", surrender_claim.pk, "militants")
    with connection.cursor() as cursor:
        facets = "'status:open' & 'tag:CAR' & 'kind:quantitative' & 'rating:-'"
        cursor.execute(
            f"SELECT document @@ %s::tsquery FROM {document} WHERE claim_id = %s",
            [facets, surrender_claim.pk],
        )
        assert cursor.fetchone() == (True,)
        Claim.objects.filter(pk=surrender_claim.pk).update(status="approved", rating="false")
        cursor.execute(
            f"SELECT document @@ %s::tsquery FROM {document} WHERE claim_id = %s",
            ["'status:approved' & 'rating:false' & !'status:open'", surrender_claim.pk],
        )
        assert cursor.fetchone() == (True,)


def test_a_change_to_nothing_searched_leaves_the_index_alone(surrender_claim):
    with connection.cursor() as cursor:
        sql = "SELECT xmin::text FROM claims_claimdocument WHERE claim_id = %s"
        cursor.execute(sql, [surrender_claim.pk])
        before = cursor.fetchone()
        Claim.objects.filter(pk=surrender_claim.pk).update(version=7, correction_note="x")
        cursor.execute(sql, [surrender_claim.pk])
        assert cursor.fetchone() == before


def test_evidence_is_indexed_reindexed_and_removed(surrender_claim):
    evidence = EvidenceFactory(claim=surrender_claim, excerpt="950 fighters", note="per the UN")
    assert matches(EvidenceDocument, "evidence_id", evidence.pk, "fighters")
    Evidence.objects.filter(pk=evidence.pk).update(note="per the Red Cross")
    assert matches(EvidenceDocument, "evidence_id", evidence.pk, "red cross")
    Evidence.objects.filter(pk=evidence.pk).delete()
    assert not EvidenceDocument.objects.filter(evidence_id=evidence.pk).exists()


def test_deleting_a_claim_removes_its_document(db):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).delete()
    assert not ClaimDocument.objects.filter(claim_id=claim.pk).exists()


def passage_texts(ids: list[int], function: str = "claimdesk_passage_texts") -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT passage_id, body FROM {function}(%s::bigint[])", [ids])
        return dict(cursor.fetchall())


def test_passage_texts_are_cut_exactly_from_a_long_text_with_any_characters(db):
    rng = random.Random(12)
    alphabet = "abcdeé ñ€😀\n.,"
    text = "".join(rng.choice(alphabet) for _ in range(20_000))
    source = SourceFactory(text=text)
    bounds = sorted(rng.sample(range(1, len(text)), 60))
    edges = [0, *bounds, len(text)]
    passages = [
        PassageFactory(source=source, position=i, start=a, end=b)
        for i, (a, b) in enumerate(pairwise(edges))
        if i % 3 != 1  # leave gaps between some passages
    ]
    expected = {p.pk: text[p.start : p.end] for p in passages}
    ids = [p.pk for p in passages]
    assert passage_texts(ids) == expected  # one pass over the text, many passages
    assert passage_texts(ids[:3]) == {pk: expected[pk] for pk in ids[:3]}  # a few: walked
    # A page of results is cut at the bytes the index keeps.
    assert passage_texts(ids, "claimdesk_passage_bodies") == expected
    for passage in passages:
        document = PassageDocument.objects.get(passage=passage)
        before = len(text[: passage.start].encode())
        assert (document.start_byte, document.end_byte) == (
            before,
            before + len(expected[passage.pk].encode()),
        )


def test_imported_passages_are_indexed_and_follow_a_new_text(db):
    result = import_text(
        "Q: What happened in Bria?\nA: Almost a thousand militants surrendered.\n",
        title="Q and A",
        outlet="TASS",
        kind="interview",
    )
    source = result.source
    passages = list(Passage.objects.filter(source=source))
    assert PassageDocument.objects.filter(passage__source=source).count() == len(passages)
    answer = next(p for p in passages if "militants" in source.text[p.start : p.end])
    assert matches(PassageDocument, "passage_id", answer.pk, "militants surrendered")
    # No claim points into the text yet: it may still change, and its passages read it again.
    new_text = source.text.replace("militants", "fighters   ")
    Source.objects.filter(pk=source.pk).update(text=new_text)
    assert matches(PassageDocument, "passage_id", answer.pk, "fighters")
    Passage.objects.filter(source=source).delete()
    assert not PassageDocument.objects.filter(passage_id=answer.pk).exists()


def test_a_moved_passage_reads_its_words_again(db):
    source = SourceFactory(text="First militants part. Second part about schools.")
    passage = PassageFactory(source=source, start=0, end=21)
    assert matches(PassageDocument, "passage_id", passage.pk, "militants")
    Passage.objects.filter(pk=passage.pk).update(start=22, end=len(source.text))
    assert matches(PassageDocument, "passage_id", passage.pk, "schools")
    assert not matches(PassageDocument, "passage_id", passage.pk, "militants")


@pytest.mark.parametrize(
    "unit",
    [
        "militants",
        "new wells",
        "police officers",
        "countries",
        "bus",
        "glass",
        "militants laid down",
        "",
        "Tonnes of food aid",
        "percent",
        "km²",
        "years",
        "ies",
    ],
)
def test_the_database_reads_units_as_the_figures_do(db, unit):
    with connection.cursor() as cursor:
        cursor.execute("SELECT claimdesk_unit_key(%s)", [unit])
        assert cursor.fetchone()[0] == unit_key(unit)
