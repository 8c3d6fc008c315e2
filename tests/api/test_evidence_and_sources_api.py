"""Evidence, sources, passages and outlets endpoints."""

import pytest
from rest_framework.exceptions import NotAuthenticated

from claims.models import ClaimEvent, Evidence
from sources.models import Outlet, Passage, Source
from tests.api.conftest import token_client
from tests.factories import EvidenceFactory, OutletFactory, PassageFactory, SourceFactory


@pytest.fixture
def researching(open_claim, analyst):
    from claims.workflow import apply_action

    return apply_action(open_claim.pk, "start", actor=analyst, version=open_claim.version)


def test_analyst_links_evidence_to_a_claim(analyst_client, analyst, researching):
    cited = SourceFactory(title="Ministry report")
    response = analyst_client.post(
        "/api/v1/evidence/",
        {
            "claim": researching.pk,
            "source": cited.pk,
            "stance": "contradicts",
            "excerpt": "Only 600 surrendered.",
            "source_figure": "600",
            "credibility": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["source_title"] == "Ministry report"
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert (evidence.claim, evidence.stance, evidence.created_by) == (
        researching,
        "contradicts",
        analyst,
    )
    assert ClaimEvent.objects.filter(claim=researching, action="add_evidence").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"stance": "agrees"}, "stance"),
        ({"credibility": 9}, "credibility"),
        ({"claim": 0}, "claim"),
    ],
)
def test_bad_evidence_is_400_naming_the_field(analyst_client, researching, change, field):
    body = {"claim": researching.pk, "source": SourceFactory().pk, "stance": "supports"}
    response = analyst_client.post("/api/v1/evidence/", {**body, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Evidence.objects.exists()


def test_evidence_on_an_approved_claim_is_refused(analyst_client, approved_claim):
    body = {"claim": approved_claim.pk, "source": SourceFactory().pk, "stance": "supports"}
    response = analyst_client.post("/api/v1/evidence/", body, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    assert approved_claim.evidence.count() == 1


def test_reviewer_and_outsider_may_not_link_evidence(reviewer_client, outsider_client, researching):
    body = {"claim": researching.pk, "source": SourceFactory().pk, "stance": "supports"}
    assert reviewer_client.post("/api/v1/evidence/", body, format="json").status_code == 403
    assert outsider_client.post("/api/v1/evidence/", body, format="json").status_code == 403
    assert not Evidence.objects.exists()


def test_analyst_unlinks_evidence(analyst_client, researching):
    evidence = EvidenceFactory(claim=researching)
    response = analyst_client.delete(f"/api/v1/evidence/{evidence.pk}/")
    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert ClaimEvent.objects.filter(claim=researching, action="remove_evidence").exists()


def test_evidence_list_filters_by_claim(analyst_client, researching, anon_client):
    mine = EvidenceFactory(claim=researching)
    EvidenceFactory()
    rows = analyst_client.get("/api/v1/evidence/", {"claim": researching.pk}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    anonymous = anon_client.get("/api/v1/evidence/")
    assert anonymous.status_code == 403  # session auth first: "not signed in" is 403
    assert anonymous.json() == {"detail": NotAuthenticated.default_detail}


def test_analyst_adds_a_source_with_text_and_gets_its_passages(analyst_client, analyst):
    text = "Q: How many wells?\nA: About 40 wells were dug in 2024.\n"
    response = analyst_client.post(
        "/api/v1/sources/", {"title": "Wells", "text": text, "kind": "interview"}, format="json"
    )
    assert response.status_code == 201, response.json()
    source = Source.objects.get(pk=response.json()["id"])
    assert (source.text, source.created_by) == (text, analyst)
    passages = analyst_client.get(f"/api/v1/sources/{source.pk}/passages/").json()["results"]
    assert [p["role"] for p in passages] == list(
        Passage.objects.filter(source=source).order_by("position").values_list("role", flat=True)
    )
    assert passages
    again = analyst_client.post("/api/v1/sources/", {"text": text}, format="json")
    assert again.status_code == 200 and again.json()["id"] == source.pk
    assert Source.objects.count() == 1


def test_source_without_title_or_text_is_400(analyst_client):
    response = analyst_client.post("/api/v1/sources/", {"url": "https://x.example"}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    bad_kind = analyst_client.post(
        "/api/v1/sources/", {"title": "x", "kind": "poem"}, format="json"
    )
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()
    assert not Source.objects.exists()


def test_stored_text_cannot_be_rewritten_but_metadata_can(analyst_client, source):
    original = source.text
    response = analyst_client.patch(
        f"/api/v1/sources/{source.pk}/",
        {"text": "something else entirely", "title": "Renamed"},
        format="json",
    )
    assert response.status_code == 200
    source.refresh_from_db()
    assert (source.text, source.title) == (original, "Renamed")
    assert response.json()["text"] == original


def test_source_list_leaves_out_the_text(analyst_client, source):
    [row] = analyst_client.get("/api/v1/sources/").json()["results"]
    assert row["id"] == source.pk and "text" not in row
    assert analyst_client.get(f"/api/v1/sources/{source.pk}/").json()["text"] == source.text


def test_reviewer_reads_but_may_not_add_outlets(reviewer_client, analyst_client):
    OutletFactory(name="TASS")
    assert [o["name"] for o in reviewer_client.get("/api/v1/outlets/").json()["results"]] == [
        "TASS"
    ]
    refused = reviewer_client.post("/api/v1/outlets/", {"name": "Reuters"}, format="json")
    assert refused.status_code == 403
    created = analyst_client.post("/api/v1/outlets/", {"name": "Reuters"}, format="json")
    assert created.status_code == 201
    duplicate = analyst_client.post("/api/v1/outlets/", {"name": "Reuters"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()
    grade = analyst_client.post(
        "/api/v1/outlets/", {"name": "X", "reliability": "Z"}, format="json"
    )
    assert grade.status_code == 400 and "reliability" in grade.json()
    assert list(Outlet.objects.order_by("name").values_list("name", flat=True)) == [
        "Reuters",
        "TASS",
    ]


def test_outsider_may_not_read_sources_or_outlets(outsider_client, source):
    for url in ["/api/v1/sources/", f"/api/v1/sources/{source.pk}/", "/api/v1/outlets/"]:
        assert outsider_client.get(url).status_code == 403


def _fill_lists(analyst) -> None:
    from claims.workflow import add_evidence, apply_action, record_claim

    text = "Officials said 40 wells were dug. " * 60
    source = SourceFactory(text=text)
    for i in range(55):
        OutletFactory()
        PassageFactory(source=source, start=i, end=i + 1)
    claim = record_claim(source, actor=analyst, start=0, end=30, kinds=["quantitative"])
    claim = apply_action(claim, "start", actor=analyst, version=claim.version)
    report = SourceFactory()
    for _ in range(55):
        add_evidence(claim.pk, actor=analyst, source=report, stance="supports")
        SourceFactory()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/outlets/", 5),
        ("/api/v1/sources/", 5),
        ("/api/v1/sources/{source}/passages/", 6),
        ("/api/v1/evidence/", 5),
        ("/api/v1/exports/", 5),
    ],
)
def test_list_runs_the_same_queries_at_page_size_5_and_50(
    analyst, url, queries, django_assert_num_queries
):
    _fill_lists(analyst)
    from claims.exports.models import ExportJob

    ExportJob.objects.bulk_create(ExportJob(format="csv", created_by=analyst) for _ in range(55))
    source = Source.objects.filter(passages__isnull=False).first()
    client = token_client(analyst)
    for size in (5, 50):
        with django_assert_num_queries(queries):
            response = client.get(url.format(source=source.pk), {"page_size": size})
        assert len(response.json()["results"]) == size
