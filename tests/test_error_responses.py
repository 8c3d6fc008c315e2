"""Errors outside the views: JSON under /api/, 503 with Retry-After while the database is out."""

import json
import socket
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection

from tests.conftest import signed_in


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(transactional_db):
    """Return a context in which the connection points at a port where no server listens."""

    @contextmanager
    def down():
        cache.clear()
        saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_unused_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)

    return down


def test_api_is_503_json_with_retry_after_while_the_database_is_down(analyst, database_down):
    member = signed_in(analyst)
    member.raise_request_exception = False
    public = signed_in(analyst)
    public.logout()
    public.raise_request_exception = False

    with database_down():
        answers = [member.get("/api/v1/claims/"), public.get("/api/v1/claimreview/")]

    for answer in answers:
        assert answer.status_code == 503
        assert answer["Content-Type"] == "application/json"
        assert answer["Retry-After"] == "30"
        assert "database" in json.loads(answer.content)["detail"]


def test_page_is_503_with_retry_after_while_the_database_is_down(analyst, database_down):
    member = signed_in(analyst)
    member.raise_request_exception = False

    with database_down():
        answer = member.get("/claims/")

    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert "Try again shortly" in answer.content.decode()


def test_an_api_crash_is_a_500_in_json(db, client, monkeypatch):
    cache.clear()

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("claims.api.feed.claimreview_rows", crash)
    client.raise_request_exception = False

    answer = client.get("/api/v1/claimreview/")

    assert answer.status_code == 500
    assert answer["Content-Type"] == "application/json"
    assert json.loads(answer.content)["detail"].startswith("Server error")
    assert "boom" not in answer.content.decode()


def test_an_api_body_over_the_limit_is_413_in_json_and_stores_nothing(analyst_client, analyst):
    from claims.models import Claim

    body = json.dumps({"source": 1, "start": 0, "end": 5, "statement": "x" * (7 * 1024 * 1024)})

    answer = analyst_client.post("/api/v1/claims/", body, content_type="application/json")

    assert answer.status_code == 413
    assert json.loads(answer.content) == {
        "detail": "The request is larger than the 6 MB the desk accepts."
    }
    assert not Claim.objects.exists()


def test_a_page_body_over_the_limit_is_413_with_the_message(analyst_client):
    answer = analyst_client.post("/claims/new/", {"statement": "x" * (7 * 1024 * 1024)})

    assert answer.status_code == 413
    assert "larger than the 6 MB the desk accepts" in answer.content.decode()


def test_unknown_api_address_and_bad_json_answer_json(analyst_client):
    missing = analyst_client.get("/api/v1/nothing-here/")
    bad = analyst_client.post("/api/v1/claims/", "{bad", content_type="application/json")

    assert (missing.status_code, missing["Content-Type"]) == (404, "application/json")
    assert (bad.status_code, bad["Content-Type"]) == (400, "application/json")
    assert "JSON parse error" in bad.json()["detail"]


def test_a_refused_page_says_why_in_the_desk_layout_with_a_way_to_sign_out(outsider):
    answer = signed_in(outsider).get("/")

    assert answer.status_code == 403
    page = answer.content.decode()
    assert "Only desk members may see this page." in page
    assert 'action="/accounts/logout/"' in page and "Sign out" in page


def test_a_missing_page_is_404_in_the_desk_layout(analyst_client):
    answer = analyst_client.get("/claims/999999/")

    assert answer.status_code == 404
    page = answer.content.decode()
    assert "<h1>Not found</h1>" in page
    assert 'href="/claims/"' in page and 'action="/accounts/logout/"' in page
