"""Moving or trimming a claim's span: POST claims/{id}/move/, one workflow function."""

import pytest

from claims import workflow
from claims.models import Claim, ClaimEvent
from tests.api.conftest import approve
from tests.factories import PassageFactory

pytestmark = pytest.mark.django_db

TRIMMED = "almost a thousand militants surrendered"


def move_url(claim: Claim) -> str:
    return f"/api/v1/claims/{claim.pk}/move/"


def test_analyst_trims_a_span_and_the_event_keeps_old_and_new_offsets(
    analyst_client, analyst, open_claim, source
):
    start = source.text.index(TRIMMED)
    body = {"version": open_claim.version, "start": start, "end": start + len(TRIMMED)}
    response = analyst_client.post(move_url(open_claim), body, format="json")
    assert response.status_code == 200
    assert (response.json()["quote"], response.json()["version"]) == (TRIMMED, 2)
    claim = Claim.objects.get(pk=open_claim.pk)
    assert (claim.start, claim.end, claim.quote) == (start, start + len(TRIMMED), TRIMMED)
    assert claim.prefix == source.text[: claim.start][-32:]
    assert claim.suffix == source.text[claim.end :][:32]
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.actor, event.to_status) == ("move", analyst, "open")
    assert event.changes["start"] == [23, start]  # unchanged, still recorded
    assert event.changes["end"] == [72, start + len(TRIMMED)]
    assert event.changes["quote"] == [open_claim.quote, TRIMMED]


def test_moving_onto_a_span_another_claim_holds_names_that_claim(
    analyst_client, analyst, open_claim, source
):
    start = source.text.index("14 children")
    other = workflow.record_claim(
        source, actor=analyst, start=start, end=start + 11, kinds=["quantitative"]
    )
    body = {"version": open_claim.version, "start": start, "end": start + 11}
    response = analyst_client.post(move_url(open_claim), body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "start": [f"Claim #{other.pk} already marks exactly this span."],
        "existing_claim": other.pk,
    }
    assert Claim.objects.get(pk=open_claim.pk).start == 23
    assert not ClaimEvent.objects.filter(action="move").exists()


def test_recording_an_existing_span_names_the_claim_holding_it(analyst_client, open_claim, source):
    body = {"source": source.pk, "start": 23, "end": 72, "kinds": ["quantitative"]}
    response = analyst_client.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 400
    assert response.json()["existing_claim"] == open_claim.pk
    assert f"Claim #{open_claim.pk}" in response.json()["start"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": 10, "end": 5000}, "end"),
        ({"start": 30, "end": 10}, "end"),
        ({"start": 3, "end": 4}, "end"),  # the blank after "The"
        ({"start": "x", "end": 10}, "start"),
        ({"end": 10}, "start"),
        ({"start": 0, "end": 10, "version": None}, "version"),
    ],
)
def test_a_bad_move_is_400_naming_the_field_and_changes_nothing(
    analyst_client, open_claim, body, field
):
    response = analyst_client.post(
        move_url(open_claim), {"version": open_claim.version, **body}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    claim = Claim.objects.get(pk=open_claim.pk)
    assert (claim.start, claim.end, claim.version) == (23, 72, 1)


def test_a_stale_version_is_409(analyst_client, open_claim):
    body = {"version": open_claim.version + 1, "start": 0, "end": 12}
    response = analyst_client.post(move_url(open_claim), body, format="json")
    assert response.status_code == 409
    assert Claim.objects.get(pk=open_claim.pk).start == 23


def test_only_open_or_in_research_claims_move(analyst_client, analyst, reviewer, open_claim):
    claim = approve(open_claim, analyst, reviewer)
    response = analyst_client.post(
        move_url(claim), {"version": claim.version, "start": 0, "end": 12}, format="json"
    )
    assert response.status_code == 400
    assert "open or in-research" in response.json()["status"][0]
    assert Claim.objects.get(pk=claim.pk).start == 23


def test_an_in_research_claim_moves_and_a_candidate_does_not(analyst, open_claim, source):
    claim = workflow.apply_action(open_claim.pk, "start", actor=analyst, version=1)
    moved = workflow.move_claim(claim.pk, actor=analyst, version=claim.version, start=0, end=12)
    assert (moved.quote, moved.status) == ("The minister", "in_research")
    workflow.propose_candidates(source, [{"start": 80, "end": 90, "kinds": ["quantitative"]}])
    candidate = Claim.objects.get(status="candidate")
    with pytest.raises(workflow.InvalidAction, match="open or in-research"):
        workflow.move_claim(candidate.pk, actor=analyst, version=1, start=81, end=90)


def test_search_finds_a_moved_claim_by_its_new_words(analyst_client, analyst, open_claim, source):
    start = source.text.index("14 children")
    assert not analyst_client.get("/api/v1/search/?q=children freed").json()["results"]
    workflow.move_claim(open_claim.pk, actor=analyst, version=1, start=start, end=start + 22)
    found = analyst_client.get("/api/v1/search/?q=children freed&type=claim").json()
    assert [(r["id"], r["title"]) for r in found["results"]] == [
        (open_claim.pk, "14 children were freed")
    ]


def test_moving_to_the_same_span_writes_nothing(analyst, open_claim):
    claim = workflow.move_claim(open_claim.pk, actor=analyst, version=1, start=23, end=72)
    assert claim.version == 1
    assert list(ClaimEvent.objects.values_list("action", flat=True)) == ["record"]


def test_the_speaker_follows_the_passage_when_it_was_the_passage_s(analyst, source):
    first = PassageFactory(source=source, start=0, end=72, speaker="The minister")
    PassageFactory(source=source, start=72, end=len(source.text), speaker="His deputy")
    claim = workflow.record_claim(source, actor=analyst, start=23, end=72, kinds=["quantitative"])
    assert (claim.passage, claim.speaker) == (first, "The minister")
    start = source.text.index("14 children")
    moved = workflow.move_claim(claim.pk, actor=analyst, version=1, start=start, end=start + 11)
    assert moved.speaker == "His deputy"
    assert ClaimEvent.objects.get(action="move").changes["speaker"] == [
        "The minister",
        "His deputy",
    ]


def test_reviewers_and_outsiders_may_not_move(reviewer_client, outsider_client, open_claim):
    body = {"version": 1, "start": 0, "end": 12}
    assert reviewer_client.post(move_url(open_claim), body, format="json").status_code == 403
    assert outsider_client.post(move_url(open_claim), body, format="json").status_code == 403
    assert Claim.objects.get(pk=open_claim.pk).start == 23


def test_get_is_not_allowed(analyst_client, open_claim):
    assert analyst_client.get(move_url(open_claim)).status_code == 405


def test_a_patch_of_the_offsets_points_to_move_and_changes_nothing(analyst_client, open_claim):
    body = {"version": 1, "end": 60, "statement": "Changed?"}
    response = analyst_client.patch(f"/api/v1/claims/{open_claim.pk}/", body, format="json")
    assert response.status_code == 400
    assert "claims/{id}/move/" in response.json()["end"][0]
    claim = Claim.objects.get(pk=open_claim.pk)
    assert (claim.end, claim.statement, claim.version) == (72, open_claim.statement, 1)
