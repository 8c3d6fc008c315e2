"""Bounds and figures are served as written ("72", "2.5"), as the exports print them."""

import io
import json
import re
from decimal import Decimal

import pytest

from claims.exports.writers import export_queryset, write_export
from tests.factories import ClaimFactory, EvidenceFactory

WRITTEN = [
    (Decimal("72"), "72"),
    (Decimal("2.5"), "2.5"),
    (Decimal("0"), "0"),
    (Decimal("-12.5"), "-12.5"),
    (Decimal("1000"), "1000"),
    (Decimal("0.0001"), "0.0001"),
    (Decimal("123456789012345.1234"), "123456789012345.1234"),
]


@pytest.fixture
def figures(db):
    claim = ClaimFactory(value_low=Decimal("72"), value_high=Decimal("88"), unit="percent")
    evidence = EvidenceFactory(
        claim=claim,
        source_figure="74%",
        figure_low=Decimal("2.5"),
        figure_high=Decimal("3060"),
        figure_unit="percent",
    )
    return claim, evidence


def test_claims_list_and_detail_serve_bounds_as_written(analyst_client, figures):
    claim, _ = figures
    row = analyst_client.get("/api/v1/claims/").json()["results"][0]
    detail = analyst_client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert (row["value_low"], row["value_high"]) == ("72", "88")
    assert (detail["value_low"], detail["value_high"]) == ("72", "88")


def test_evidence_list_and_detail_serve_figures_as_written(analyst_client, figures):
    _, evidence = figures
    row = analyst_client.get("/api/v1/evidence/", {"claim": evidence.claim_id}).json()
    detail = analyst_client.get(f"/api/v1/evidence/{evidence.pk}/").json()
    assert (row["results"][0]["figure_low"], row["results"][0]["figure_high"]) == ("2.5", "3060")
    assert (detail["figure_low"], detail["figure_high"]) == ("2.5", "3060")


def test_recording_a_claim_answers_with_bounds_as_written(analyst_client, source):
    body = {
        "source": source.pk,
        "start": 23,
        "end": 72,
        "kinds": ["quantitative"],
        "statement": "Almost 1,000 militants surrendered in 2024.",
        "value_low": "900.00",
        "value_high": 999,
    }
    response = analyst_client.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["value_low"], response.json()["value_high"]) == ("900", "999")
    stored = analyst_client.get(f"/api/v1/claims/{response.json()['id']}/").json()
    assert (stored["value_low"], stored["value_high"]) == ("900", "999")


@pytest.mark.parametrize(("value", "written"), WRITTEN)
def test_the_api_and_the_json_lines_export_write_a_number_alike(analyst_client, value, written):
    ClaimFactory(value_low=value, value_high=None)
    served = analyst_client.get("/api/v1/claims/").json()["results"][0]["value_low"]
    out = io.BytesIO()
    write_export("jsonl", export_queryset("jsonl", {}), out)
    line = out.getvalue().decode().split("\n")[0]
    assert served == written
    assert f'"value_low":{written},' in line
    assert json.loads(line, parse_float=Decimal)["value_low"] == Decimal(served)


def test_the_schema_still_describes_the_served_strings(analyst_client):
    schema = analyst_client.get("/api/schema/", {"format": "json"}).json()["components"]
    low = schema["schemas"]["Claim"]["properties"]["value_low"]
    assert (low["type"], low["format"]) == ("string", "decimal")
    for _, written in WRITTEN:
        assert re.fullmatch(low["pattern"], written), written
