"""`GET /api/v1/`: the index of the endpoints, for members as the rest of the API."""

import pytest

URL = "/api/v1/"


def test_member_gets_an_index_of_the_endpoints_with_links(analyst_client):
    response = analyst_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "sources": "http://testserver/api/v1/sources/",
        "outlets": "http://testserver/api/v1/outlets/",
        "claims": "http://testserver/api/v1/claims/",
        "evidence": "http://testserver/api/v1/evidence/",
        "exports": "http://testserver/api/v1/exports/",
        "extractions": "http://testserver/api/v1/extractions/",
        "claimreview": "http://testserver/api/v1/claimreview/",
        "search": "http://testserver/api/v1/search/",
        "schema": "http://testserver/api/schema/",
        "docs": "http://testserver/api/docs/",
    }


def test_every_link_of_the_index_answers(reviewer_client):
    for name, link in reviewer_client.get(URL).json().items():
        response = reviewer_client.get(link, {"q": "x"} if name == "search" else {})
        assert response.status_code == 200, (name, response.content[:200])


@pytest.mark.parametrize("client_name", ["anon_client", "outsider_client"])
def test_anonymous_and_outsiders_may_not_read_the_index(request, client_name):
    response = request.getfixturevalue(client_name).get(URL)
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert "claims" not in response.json()


def test_the_index_takes_only_get(analyst_client):
    response = analyst_client.post(URL, {}, format="json")
    assert response.status_code == 405
    assert set(response.json()) == {"detail"}


def test_an_address_past_the_index_is_still_a_json_404(analyst_client):
    response = analyst_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such endpoint."}
