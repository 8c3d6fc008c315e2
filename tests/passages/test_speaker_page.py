"""The reader's "Correct speaker" control and the page it posts to."""

from django.contrib.messages import get_messages

from claims.models import Claim, ClaimEvent


def url(passage) -> str:
    return f"/sources/{passage.source_id}/passages/{passage.pk}/speaker/"


def test_reader_offers_analysts_a_labelled_speaker_form_per_passage(analyst_client, answer):
    html = analyst_client.get(f"/sources/{answer.source_id}/").content.decode()

    assert f'id="passage-{answer.pk}"' in html
    assert f'action="{url(answer)}"' in html
    assert f'<label for="speaker-{answer.pk}">Speaker</label>' in html
    assert html.count("<summary>Correct speaker") == 2
    assert "csrfmiddlewaretoken" in html


def test_reader_shows_reviewers_no_speaker_form(reviewer_client, answer):
    html = reviewer_client.get(f"/sources/{answer.source_id}/").content.decode()

    assert "Correct speaker" not in html
    assert url(answer) not in html


def test_analyst_corrects_speaker_and_returns_to_the_passage(analyst_client, answer, claims):
    response = analyst_client.post(url(answer), {"speaker": " Alexander Ivanov "})

    assert response.status_code == 302
    # Back at the passage, on the part of a long text that holds it.
    reader = f"/sources/{answer.source_id}/?at={answer.start}#passage-{answer.pk}"
    assert response["Location"] == reader
    answer.refresh_from_db()
    assert answer.speaker == "Alexander Ivanov"
    assert Claim.objects.get(pk=claims["open"].pk).speaker == "Alexander Ivanov"
    assert Claim.objects.get(pk=claims["approved"].pk).speaker == "TASS"
    assert ClaimEvent.objects.filter(action="edit").count() == 3
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Speaker set to “Alexander Ivanov”; 3 claims re-attributed."]
    page = analyst_client.get(response["Location"]).content.decode()
    assert "Alexander Ivanov" in page


def test_blank_speaker_is_reported_and_changes_nothing(analyst_client, answer, claims):
    response = analyst_client.post(url(answer), {"speaker": "  "}, follow=True)

    assert response.status_code == 200
    assert "Speaker not changed: Give the speaker&#x27;s name." in response.content.decode()
    answer.refresh_from_db()
    assert answer.speaker == "TASS"
    assert not ClaimEvent.objects.exists()


def test_too_long_or_missing_speaker_is_reported(analyst_client, answer):
    long = analyst_client.post(url(answer), {"speaker": "x" * 201})
    missing = analyst_client.post(url(answer), {})

    assert long.status_code == missing.status_code == 302
    shown = [str(m) for m in get_messages(missing.wsgi_request)]
    assert any("at most 200 characters" in m for m in shown)
    assert any("Give the speaker's name." in m for m in shown)
    answer.refresh_from_db()
    assert answer.speaker == "TASS"


def test_same_speaker_is_reported_as_nothing_to_change(analyst_client, answer, claims):
    response = analyst_client.post(url(answer), {"speaker": "TASS"})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The speaker is already “TASS”."
    ]
    assert not ClaimEvent.objects.exists()


def test_reviewer_and_outsider_are_refused(reviewer_client, outsider_client, answer, claims):
    for client in (reviewer_client, outsider_client):
        assert client.post(url(answer), {"speaker": "Alexander Ivanov"}).status_code == 403

    answer.refresh_from_db()
    assert answer.speaker == "TASS"
    assert not ClaimEvent.objects.exists()


def test_get_is_not_allowed(analyst_client, answer):
    assert analyst_client.get(url(answer)).status_code == 405


def test_passage_of_another_source_is_not_found(analyst_client, answer, interview):
    other = f"/sources/{interview.pk + 1000}/passages/{answer.pk}/speaker/"

    assert analyst_client.post(other, {"speaker": "X"}).status_code == 404
    answer.refresh_from_db()
    assert answer.speaker == "TASS"
