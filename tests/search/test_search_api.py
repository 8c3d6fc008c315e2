"""GET /api/v1/search/: the searches of issue 12, ranking, figures, filters, input, access."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.exports.writers import export_queryset
from claims.models import Claim
from claims.workflow.sources import archive_source
from tests.api.conftest import token_client
from tests.conftest import signed_in
from tests.factories import ClaimFactory, EvidenceFactory, PassageFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def client(analyst):
    return token_client(analyst)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "q", ["Militants surrendered", "milittants", "1000 militants", "almost a thousand militants"]
)
def test_the_searches_of_the_issue_find_the_surrender_claim(client, neighbours, q):
    claim = Claim.objects.get(quote__startswith="almost a thousand")
    found = ids(client.get(URL, {"q": q}))
    assert claim.pk in found
    if q in ("1000 militants", "almost a thousand militants"):
        assert found == [claim.pk]  # the Mali claim's 360..440 militants does not meet it


def test_a_country_named_in_full_finds_a_claim_tagged_with_its_short_form(
    client, surrender_claim, neighbours
):
    found = ids(client.get(URL, {"q": "Central African Republic disarmament"}))
    assert surrender_claim.pk in found
    assert neighbours["children"].pk in found  # also tagged CAR
    assert neighbours["mali"].pk not in found and neighbours["niger"].pk not in found


def test_a_short_form_stands_for_the_name_only_in_capitals(client):
    named = ClaimFactory(quote="Elections in the Central African Republic were held", statement="")
    assert ids(client.get(URL, {"q": "CAR"})) == [named.pk]
    assert ids(client.get(URL, {"q": "car"})) == []  # a car, not the country


def test_a_claim_result_carries_its_fields_and_marks_the_words(client, surrender_claim):
    [row] = client.get(URL, {"q": "surrendered militants"}).json()["results"]
    assert row["type"] == "claim"
    assert row["title"] == surrender_claim.quote
    assert row["status"] == "open" and row["rating"] == ""
    assert row["url"] == f"http://testserver/claims/{surrender_claim.pk}/"
    assert "<mark>militants</mark>" in row["snippet"]
    assert "<mark>surrendered</mark>" in row["snippet"]
    assert 0 < row["score"] <= 1
    assert not {"passage", "offset", "claim"} & set(row)


def test_names_match_with_or_without_accents_and_misspelt(client):
    accented = ClaimFactory(quote="Touadéra announced a new disarmament plan", statement="")
    plain = ClaimFactory(quote="President Touadera met the instructors", statement="")
    for q in ("Touadera", "Touadéra", "TOUADERA", "Tuadera", "Touaderra"):
        assert set(ids(client.get(URL, {"q": q}))) == {accented.pk, plain.pk}, q
    row = client.get(URL, {"q": "Touadera plan"}).json()["results"][0]
    assert row["id"] == accented.pk
    assert "<mark>Touadéra</mark>" in row["snippet"]


def test_a_misspelt_word_is_matched_to_a_known_one_but_not_to_anything(client, neighbours):
    assert ids(client.get(URL, {"q": "surenderred"}))  # surrendered
    assert client.get(URL, {"q": "xylophones"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("950 militants", True),  # inside 900..999
        ("1,000 militants", True),  # a round figure: about a thousand
        ("more than 300 militants", True),  # 301.. meets 900..999
        ("nearly 1000 militants", True),
        ("400 militants", False),  # same unit, bounds apart
        ("5000 militants", False),
        ("950 children", False),  # another unit
        ("950 civilians", False),
    ],
)
def test_a_figure_finds_claims_whose_bounds_meet_it_and_count_the_same_thing(
    client, neighbours, q, found
):
    claim = Claim.objects.get(quote__startswith="almost a thousand")
    assert (claim.pk in ids(client.get(URL, {"q": q}))) is found


def test_a_figure_ranks_agreeing_claims_above_those_that_only_mention_the_words(client, neighbours):
    mentions = ClaimFactory(quote="militants attacked the convoy", statement="")
    found = ids(client.get(URL, {"q": "400 militants"}))
    assert found == [neighbours["mali"].pk, mentions.pk]


def test_ranking_puts_claims_holding_more_terms_and_in_weightier_fields_first(client):
    both_in_quote = ClaimFactory(quote="militants surrendered their weapons", statement="")
    both_in_rationale = ClaimFactory(
        quote="a quiet week in the capital", statement="", rationale="militants surrendered"
    )
    one = ClaimFactory(quote="militants crossed the river", statement="")
    one_in_rationale = ClaimFactory(quote="a market reopened", statement="", rationale="militants")
    ClaimFactory(quote="schools reopened", statement="")
    found = ids(client.get(URL, {"q": "militants surrendered"}))
    assert found == [both_in_quote.pk, both_in_rationale.pk, one.pk, one_in_rationale.pk]


def test_claim_filters_narrow_claim_results(client, analyst, surrender_claim, neighbours):
    approved = ClaimFactory(
        quote="militants surrendered in Bambari",
        statement="",
        status="approved",
        rating="false",
        tags=["CAR"],
        speaker="Mayor of Bambari",
        assignee=analyst,
    )
    q = {"q": "militants surrendered"}
    assert ids(client.get(URL, {**q, "status": "approved"})) == [approved.pk]
    assert ids(client.get(URL, {**q, "rating": "false"})) == [approved.pk]
    assert set(ids(client.get(URL, {**q, "tag": "CAR"}))) == {surrender_claim.pk, approved.pk}
    assert ids(client.get(URL, {**q, "speaker": "bambari"})) == [approved.pk]
    assert ids(client.get(URL, {**q, "assignee": analyst.pk})) == [approved.pk]
    assert ids(client.get(URL, {**q, "source": surrender_claim.source_id})) == [surrender_claim.pk]
    assert ids(client.get(URL, {**q, "kind": "attributive"})) == []
    ordered = ids(client.get(URL, {**q, "ordering": "id"}))
    assert ordered == sorted(ordered)


def test_source_texts_are_searched_passage_by_passage_with_a_reader_url(client, analyst):
    intro = "Bangui, 20 January. Égalité et Touadéra: " + "the long introduction. " * 20
    answer = "Almost a thousand militants voluntarily surrendered in 2024, he said."
    text = intro + "\n" + answer + "\nThe end."
    source = SourceFactory(title="SOMB director interview", text=text)
    PassageFactory(source=source, position=0, start=0, end=len(intro))
    start = len(intro) + 1
    passage = PassageFactory(source=source, position=1, start=start, end=start + len(answer))
    response = client.get(URL, {"q": "militants surrendered", "type": "source"})
    [row] = response.json()["results"]
    assert row["type"] == "source" and row["id"] == source.pk
    assert row["title"] == "SOMB director interview"
    assert row["passage"] == passage.pk and row["offset"] == start > 255
    assert row["url"].endswith(f"/sources/{source.pk}/?at={start}#passage-{passage.pk}")
    assert "<mark>militants</mark> voluntarily <mark>surrendered</mark>" in row["snippet"]
    assert "introduction" not in row["snippet"] and "The end" not in row["snippet"]
    reader = signed_in(analyst).get(row["url"].removeprefix("http://testserver"))
    assert reader.status_code == 200 and f'id="passage-{passage.pk}"' in reader.content.decode()


def test_evidence_is_searched_in_its_excerpt_and_note(client, surrender_claim):
    source = SourceFactory(title="UN panel report")
    evidence = EvidenceFactory(
        claim=surrender_claim,
        source=source,
        excerpt="The panel counted about 400 former fighters in the camps.",
        note="Touadéra's office gives no figure.",
    )
    EvidenceFactory(claim=surrender_claim, excerpt="Nothing about it.", note="")
    [row] = client.get(URL, {"q": "fighters Touadera", "type": "evidence"}).json()["results"]
    assert row["type"] == "evidence" and row["id"] == evidence.pk
    assert row["title"] == "UN panel report" and row["claim"] == surrender_claim.pk
    assert row["url"].endswith(f"/claims/{surrender_claim.pk}/#evidence")
    assert "<mark>fighters</mark>" in row["snippet"] and "<mark>Touadéra" in row["snippet"]


def test_snippets_are_escaped_html(client):
    ClaimFactory(quote='militants <script>alert("x")</script> said 5 < 7 & co', statement="")
    [row] = client.get(URL, {"q": "militants"}).json()["results"]
    assert "<script>" not in row["snippet"]  # PostgreSQL's parser reads it as a tag
    assert "5 &lt; 7 &amp; co" in row["snippet"]
    assert row["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "the of and"}, "q"),
        ({"q": "&|!():*<->"}, "q"),
        ({"q": "militants", "type": "people"}, "type"),
        ({"q": "militants", "type": "source", "status": "open"}, "status"),
        ({"q": "militants", "type": "evidence", "tag": "CAR"}, "tag"),
        ({"q": "militants", "status": "published"}, "status"),
        ({"q": "militants", "source": "abc"}, "source"),
        ({"q": "militants", "ordering": "quote"}, "ordering"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, surrender_claim, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_odd_but_valid_queries_never_fail(client, surrender_claim):
    for q in ("militants' surrender", "2024", "militants | surrendered", "«militants»", "a-b-c"):
        assert client.get(URL, {"q": q}).status_code == 200, q


def test_outsiders_and_anonymous_callers_get_403_and_no_result(outsider, surrender_claim):
    response = token_client(outsider).get(URL, {"q": "militants"})
    assert response.status_code == 403 and "results" not in response.json()
    assert token_client(None).get(URL, {"q": "militants"}).status_code == 403


def test_search_accepts_only_get(client):
    assert client.post(URL, {"q": "militants"}, format="json").status_code == 405


@pytest.mark.parametrize("kind", ["claim", "source", "evidence"])
def test_the_same_queries_run_for_5_and_50_matches(client, kind):
    counts = []
    for more in (5, 45):
        for i in range(more):
            source = SourceFactory(text=f"Militants surrendered near Bria ({more}/{i}).")
            PassageFactory(source=source)
            claim = ClaimFactory(quote="militants surrendered near Bria", statement="")
            EvidenceFactory(claim=claim, excerpt="Militants surrendered, the UN says.")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"q": "militants", "type": kind, "page_size": 200})
        assert len(response.json()["results"]) == response.json()["count"]
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("kind", ["claim", "source", "evidence"])
def test_one_more_result_than_a_page_goes_to_a_second_page(client, kind):
    for i in range(26):
        source = SourceFactory(text=f"Report {i}: militants surrendered.")
        PassageFactory(source=source)
        claim = ClaimFactory(quote=f"militants surrendered ({i})", statement="")
        EvidenceFactory(claim=claim, excerpt="militants surrendered")
    first = client.get(URL, {"q": "militants", "type": kind}).json()
    assert first["count"] == 26 and first["count_exact"] is True
    assert len(first["results"]) == 25 and first["next"]
    second = client.get(URL, {"q": "militants", "type": kind, "page": 2}).json()
    assert len(second["results"]) == 1 and second["next"] is None
    seen = {row["id"] if kind != "source" else row["passage"] for row in first["results"]}
    last = second["results"][0]
    assert (last["id"] if kind != "source" else last["passage"]) not in seen
    assert client.get(URL, {"q": "militants", "type": kind, "page": 3}).status_code == 404


def test_past_the_ranked_best_a_search_stops_listing_but_counts_every_match(
    client, monkeypatch, analyst
):
    monkeypatch.setattr("claims.search.ranking.RANKED", 3)
    claims = [ClaimFactory(quote=f"militants surrendered ({i})", statement="") for i in range(5)]
    first = client.get(URL, {"q": "militants", "page_size": 2}).json()
    assert first["count"] == 5 and first["count_exact"] is True
    second = client.get(URL, {"q": "militants", "page_size": 2, "page": 2}).json()
    assert len(first["results"]) + len(second["results"]) == 3 and second["next"] is None
    listed = client.get("/api/v1/claims/", {"q": "militants"}).json()
    assert listed["count"] == 5 and len(listed["results"]) == 3
    # Sorted by another order, the list holds every match; so does an export.
    by_id = client.get("/api/v1/claims/", {"q": "militants", "ordering": "id"}).json()
    assert [row["id"] for row in by_id["results"]] == [c.pk for c in claims]
    assert export_queryset("csv", {"q": "militants"}, analyst).count() == 5


def test_a_tag_with_a_quote_in_it_filters_as_any_other(client):
    tagged = ClaimFactory(quote="militants surrendered", statement="", tags=["Côte d'Ivoire"])
    ClaimFactory(quote="militants surrendered again", statement="", tags=["Mali"])
    assert ids(client.get(URL, {"q": "militants", "tag": "Côte d'Ivoire"})) == [tagged.pk]
    assert ids(client.get(URL, {"q": "militants", "tag": "back\\slash"})) == []


def test_an_archived_source_is_left_out_of_the_source_text_search(client, analyst):
    kept = SourceFactory(title="Kept report", text="Rebels seized the salt mine at dawn.")
    archived = SourceFactory(title="Archived report", text="Rebels seized the salt mine at noon.")
    for source in (kept, archived):
        PassageFactory(source=source, position=0, start=0, end=len(source.text))
    archive_source(archived, actor=analyst, comment="a duplicate of the kept report")
    response = client.get(URL, {"q": "salt mine", "type": "source"})
    body = response.json()
    assert [row["title"] for row in body["results"]] == ["Kept report"]
    assert body["count"] == 1
