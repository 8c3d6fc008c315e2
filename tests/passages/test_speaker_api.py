"""PATCH /api/v1/sources/{id}/passages/{passage_id}/ corrects the speaker."""

import pytest

from claims.models import Claim, ClaimEvent
from tests.api.conftest import token_client


def url(passage) -> str:
    return f"/api/v1/sources/{passage.source_id}/passages/{passage.pk}/"


def test_analyst_corrects_speaker_and_gets_the_passage(analyst, answer, claims):
    response = token_client(analyst).patch(
        url(answer), {"speaker": "Alexander Ivanov"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": answer.pk,
        "position": 1,
        "start": answer.start,
        "end": answer.end,
        "role": "answer",
        "speaker": "Alexander Ivanov",
    }
    answer.refresh_from_db()
    assert answer.speaker == "Alexander Ivanov"
    assert Claim.objects.get(pk=claims["candidate"].pk).speaker == "Alexander Ivanov"
    assert Claim.objects.get(pk=claims["in_review"].pk).speaker == "TASS"
    assert ClaimEvent.objects.filter(action="edit").count() == 3
    listed = token_client(analyst).get(f"/api/v1/sources/{answer.source_id}/passages/").json()
    assert [p["speaker"] for p in listed["results"]] == ["TASS", "Alexander Ivanov"]


@pytest.mark.parametrize("body", [{"speaker": "   "}, {"speaker": "x" * 201}, {}])
def test_bad_speaker_is_a_400_naming_the_field(analyst, answer, claims, body):
    response = token_client(analyst).patch(url(answer), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["speaker"]
    answer.refresh_from_db()
    assert answer.speaker == "TASS"
    assert not ClaimEvent.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "outsider", None])
def test_only_analysts_may_correct(answer, claims, who, request):
    user = request.getfixturevalue(who) if who else None

    response = token_client(user).patch(url(answer), {"speaker": "X"}, format="json")

    assert response.status_code == 403
    assert "detail" in response.json()
    answer.refresh_from_db()
    assert answer.speaker == "TASS"


def test_unknown_passage_or_source_is_a_404(analyst, answer, interview):
    client = token_client(analyst)
    missing = [
        f"/api/v1/sources/{interview.pk}/passages/{answer.pk + 1000}/",
        f"/api/v1/sources/{interview.pk + 1000}/passages/{answer.pk}/",
    ]
    for address in missing:
        response = client.patch(address, {"speaker": "X"}, format="json")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_other_methods_are_not_allowed(analyst, answer):
    assert token_client(analyst).get(url(answer)).status_code == 405
