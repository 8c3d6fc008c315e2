"""The OpenAPI schema holds for every endpoint: generated requests never get a 5xx or a
response the schema does not describe. Also: the docs page loads nothing from a CDN."""

import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import approve
from tests.factories import ClaimFactory, EvidenceFactory, PassageFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Keep the test's connection (and transaction) across requests, as Django's client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def desk_data(analyst, reviewer, open_claim):
    """A few rows of everything, so generated ids sometimes hit real objects."""
    approve(open_claim, analyst, reviewer)
    claim = ClaimFactory(source=open_claim.source, start=0, end=12, status="in_research")
    EvidenceFactory(claim=claim)
    PassageFactory(source=open_claim.source, position=0, start=0, end=12, speaker="Officials")
    return Token.objects.get_or_create(user=analyst)[0].key


# Generating the schema reads no table, so it can be loaded when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema_and_never_fails_with_5xx(case, desk_data):
    response = case.call(headers={"Authorization": f"Token {desk_data}"})
    case.validate_response(response, checks=CHECKS)


def test_schema_describes_every_endpoint_and_error(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    for path in [
        "/api/v1/sources/",
        "/api/v1/sources/{id}/passages/",
        "/api/v1/outlets/",
        "/api/v1/claims/",
        "/api/v1/claims/{id}/events/",
        "/api/v1/claims/{id}/transition/",
        "/api/v1/evidence/",
        "/api/v1/exports/",
        "/api/v1/claimreview/",
    ]:
        assert path in paths
    transition = paths["/api/v1/claims/{id}/transition/"]["post"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(transition)
    claim_filters = {p["name"] for p in paths["/api/v1/claims/"]["get"]["parameters"]}
    wanted = {"status", "kind", "rating", "speaker", "source", "assignee", "q", "page_size"}
    assert wanted <= claim_filters


def test_docs_page_loads_its_assets_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources)
    # No inline script or style: the page's CSP would block them.
    assert "<script>" not in html and "<style" not in html
    assert "/static/css/api-docs.css" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"/api/schema/" in script.content
