"""Editing, archiving and removing sources, and grading outlets, through the API."""

import pytest

from claims.models import Claim, ClaimEvent, ClaimLink, Evidence
from claims.workflow import add_evidence, apply_action, link_same_claim, propose_candidates
from sources.models import Outlet, OutletGrade, Passage, Source, SourceEvent
from tests.factories import OutletFactory, PassageFactory, SourceFactory


def _candidates(source: Source, n: int) -> list[Claim]:
    spans = [{"start": i, "end": i + 3, "kinds": ["quantitative"]} for i in range(0, 3 * n, 3)]
    propose_candidates(source, spans)
    return list(source.claims.order_by("start"))


@pytest.fixture
def pasted(db):
    """An accidental paste: a source with passages and two candidates, nothing else."""
    source = SourceFactory(title="Pasted by mistake")
    PassageFactory(source=source, position=0)
    _candidates(source, 2)
    return source


def test_analyst_removes_a_source_holding_only_candidates_with_them(
    analyst_client, analyst, pasted
):
    claim_ids = list(pasted.claims.values_list("pk", flat=True))
    assert ClaimEvent.objects.filter(claim_id__in=claim_ids).count() == 2

    response = analyst_client.delete(f"/api/v1/sources/{pasted.pk}/")

    assert response.status_code == 204
    assert not Source.objects.filter(pk=pasted.pk).exists()
    assert not Claim.objects.filter(pk__in=claim_ids).exists()
    assert not ClaimEvent.objects.filter(claim_id__in=claim_ids).exists()
    assert not Passage.objects.filter(source_id=pasted.pk).exists()
    event = SourceEvent.objects.get(action="remove")
    assert (event.source, event.source_title, event.actor) == (None, "Pasted by mistake", analyst)
    assert event.changes == {"id": [pasted.pk, None], "candidates": [2, 0]}


def test_removal_is_refused_once_a_claim_was_taken_on_and_nothing_changes(
    analyst_client, analyst, pasted
):
    accepted, other = pasted.claims.order_by("start")
    apply_action(accepted.pk, "accept", actor=analyst, version=accepted.version)

    response = analyst_client.delete(f"/api/v1/sources/{pasted.pk}/")

    assert response.status_code == 400
    assert response.json() == {
        "source": ["This source holds 1 claim beyond candidates: archive it instead."]
    }
    assert Source.objects.filter(pk=pasted.pk).exists()
    assert pasted.claims.count() == 2 and ClaimEvent.objects.filter(claim=other).exists()
    assert not SourceEvent.objects.exists()


def test_removal_is_refused_for_a_source_cited_as_evidence(analyst_client, analyst, open_claim):
    cited = SourceFactory(title="Ministry report")
    add_evidence(open_claim.pk, actor=analyst, source=cited, stance="supports")

    response = analyst_client.delete(f"/api/v1/sources/{cited.pk}/")

    assert response.status_code == 400
    assert "cited as evidence 1 time" in response.json()["source"][0]
    assert Evidence.objects.filter(source=cited).count() == 1


def test_removal_is_refused_while_a_candidate_is_linked_as_the_same_claim(
    analyst_client, analyst, open_claim, pasted
):
    candidate = pasted.claims.order_by("start").first()
    link_same_claim(candidate, actor=analyst, earlier=open_claim.pk, version=candidate.version)
    trail = ClaimEvent.objects.filter(claim=open_claim).count()

    response = analyst_client.delete(f"/api/v1/sources/{pasted.pk}/")

    assert response.status_code == 400
    assert response.json() == {
        "source": [
            f"Candidate #{candidate.pk} of this source is linked as the same claim as claim "
            f"#{open_claim.pk}: unlink it first, or archive the source."
        ]
    }
    assert Source.objects.filter(pk=pasted.pk).exists() and pasted.claims.count() == 2
    assert ClaimLink.objects.filter(claim=candidate, earlier=open_claim).exists()
    assert ClaimEvent.objects.filter(claim=open_claim).count() == trail
    assert not SourceEvent.objects.filter(action="remove").exists()


def test_reviewer_and_outsider_may_not_remove_a_source(reviewer_client, outsider_client, pasted):
    assert reviewer_client.delete(f"/api/v1/sources/{pasted.pk}/").status_code == 403
    assert outsider_client.delete(f"/api/v1/sources/{pasted.pk}/").status_code == 403
    assert Source.objects.filter(pk=pasted.pk).exists() and pasted.claims.count() == 2


def test_archiving_hides_a_source_from_the_list_and_leaves_its_claims(
    analyst_client, analyst, approved_claim, source
):
    before = list(Claim.objects.values_list("pk", "status", "version").order_by("pk"))

    response = analyst_client.post(f"/api/v1/sources/{source.pk}/archive/")

    assert response.status_code == 200 and response.json()["archived_at"]
    source.refresh_from_db()
    assert source.archived_at is not None
    listed = [row["id"] for row in analyst_client.get("/api/v1/sources/").json()["results"]]
    assert source.pk not in listed
    archived = analyst_client.get("/api/v1/sources/?archived=true").json()["results"]
    assert [row["id"] for row in archived] == [source.pk]
    assert analyst_client.get(f"/api/v1/sources/{source.pk}/").status_code == 200
    assert list(Claim.objects.values_list("pk", "status", "version").order_by("pk")) == before
    assert analyst_client.get(f"/api/v1/claims/{approved_claim.pk}/").json()["status"] == "approved"
    assert list(SourceEvent.objects.values_list("source", "action", "actor")) == [
        (source.pk, "archive", analyst.pk)
    ]

    # Archiving again changes nothing; unarchiving brings it back, with its own event.
    analyst_client.post(f"/api/v1/sources/{source.pk}/archive/")
    assert SourceEvent.objects.count() == 1
    assert analyst_client.post(f"/api/v1/sources/{source.pk}/unarchive/").status_code == 200
    listed = [row["id"] for row in analyst_client.get("/api/v1/sources/").json()["results"]]
    assert source.pk in listed
    assert SourceEvent.objects.filter(action="unarchive").count() == 1


def test_reviewer_may_not_archive(reviewer_client, source):
    assert reviewer_client.post(f"/api/v1/sources/{source.pk}/archive/").status_code == 403
    source.refresh_from_db()
    assert source.archived_at is None


def test_patching_a_source_records_an_edit_event(analyst_client, analyst, source):
    old_url = source.url
    response = analyst_client.patch(
        f"/api/v1/sources/{source.pk}/",
        {"url": "https://tass.example/interview", "kind": "interview"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["url"] == "https://tass.example/interview"
    source.refresh_from_db()
    assert (source.url, source.kind) == ("https://tass.example/interview", "interview")
    event = SourceEvent.objects.get(source=source)
    assert (event.action, event.actor) == ("edit", analyst)
    assert event.changes == {
        "url": [old_url, "https://tass.example/interview"],
        "kind": ["article", "interview"],
    }


def test_a_bad_source_edit_names_the_field_and_changes_nothing(analyst_client, source):
    response = analyst_client.patch(
        f"/api/v1/sources/{source.pk}/", {"url": "not a url", "title": "New"}, format="json"
    )

    assert response.status_code == 400 and "url" in response.json()
    source.refresh_from_db()
    assert source.title != "New" and not SourceEvent.objects.exists()


def test_reviewer_grades_an_outlet_with_a_reason_kept_in_its_history(
    reviewer_client, analyst_client, reviewer
):
    outlet = OutletFactory(name="TASS", reliability="F")

    response = reviewer_client.post(
        f"/api/v1/outlets/{outlet.pk}/grade/",
        {"grade": "C", "reason": "State agency; figures often unsourced."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    reviewer_client.post(
        f"/api/v1/outlets/{outlet.pk}/grade/",
        {"grade": "D", "reason": "Two retractions."},
        format="json",
    )

    outlet.refresh_from_db()
    assert (outlet.reliability, outlet.reliability_note) == ("D", "Two retractions.")
    history = analyst_client.get(f"/api/v1/outlets/{outlet.pk}/grades/").json()["results"]
    assert [(h["previous"], h["grade"], h["reason"], h["set_by"]) for h in history] == [
        ("C", "D", "Two retractions.", "rev"),
        ("F", "C", "State agency; figures often unsourced.", "rev"),
    ]


def test_an_analyst_may_not_grade_and_the_grade_needs_a_reason(analyst_client, reviewer_client):
    outlet = OutletFactory(name="TASS", reliability="F")

    refused = analyst_client.post(
        f"/api/v1/outlets/{outlet.pk}/grade/",
        {"grade": "A", "reason": "Trust me."},
        format="json",
    )
    assert refused.status_code == 403
    missing = reviewer_client.post(
        f"/api/v1/outlets/{outlet.pk}/grade/", {"grade": "A"}, format="json"
    )
    assert missing.status_code == 400 and "reason" in missing.json()
    wrong = reviewer_client.post(
        f"/api/v1/outlets/{outlet.pk}/grade/",
        {"grade": "Z", "reason": "x"},
        format="json",
    )
    assert wrong.status_code == 400 and "grade" in wrong.json()
    patched = analyst_client.patch(
        f"/api/v1/outlets/{outlet.pk}/", {"reliability": "A"}, format="json"
    )
    assert patched.status_code == 400 and "reliability" in patched.json()
    outlet.refresh_from_db()
    assert outlet.reliability == "F" and not OutletGrade.objects.exists()
    assert Outlet.objects.count() == 1
