"""Correcting a passage's speaker carries over to the draft claims that still follow it."""

import pytest

from claims.models import Claim, ClaimEvent
from claims.speakers import correct_speaker
from claims.workflow import InvalidAction, NotAllowed
from tests.passages.conftest import claim_in


def speakers(claims: dict[str, Claim]) -> dict[str, str]:
    return {name: Claim.objects.get(pk=c.pk).speaker for name, c in claims.items()}


def test_draft_claims_follow_the_corrected_speaker_with_one_event_each(answer, claims, analyst):
    changed = correct_speaker(answer, actor=analyst, speaker="  Alexander Ivanov ")

    assert changed == 3
    answer.refresh_from_db()
    assert answer.speaker == "Alexander Ivanov"
    after = speakers(claims)
    for name in ["candidate", "open", "in_research"]:
        assert after[name] == "Alexander Ivanov"
        claim = Claim.objects.get(pk=claims[name].pk)
        assert claim.version == claims[name].version + 1
        assert claim.status == name  # re-attributing does not move a claim on
        events = list(ClaimEvent.objects.filter(claim=claim))
        assert len(events) == 1
        assert events[0].action == "edit" and events[0].actor == analyst
        assert events[0].changes == {"speaker": ["TASS", "Alexander Ivanov"]}


def test_frozen_and_dismissed_claims_keep_their_speaker(answer, claims, analyst):
    correct_speaker(answer, actor=analyst, speaker="Alexander Ivanov")

    after = speakers(claims)
    for name in ["in_review", "approved", "dismissed"]:
        assert after[name] == "TASS"
        assert Claim.objects.get(pk=claims[name].pk).version == claims[name].version
    assert not ClaimEvent.objects.filter(
        claim__status__in=["in_review", "approved", "dismissed"]
    ).exists()


def test_claim_whose_speaker_an_analyst_changed_keeps_it(answer, analyst):
    own = claim_in(answer, 0, "open", speaker="the head of Niger")
    follows = claim_in(answer, 20, "open")

    assert correct_speaker(answer, actor=analyst, speaker="Alexander Ivanov") == 1

    assert Claim.objects.get(pk=own.pk).speaker == "the head of Niger"
    assert Claim.objects.get(pk=follows.pk).speaker == "Alexander Ivanov"


def test_claims_of_other_passages_are_left_alone(interview, answer, analyst):
    question = interview.passages.get(position=0)
    asked = claim_in(question, 0, "open")

    correct_speaker(answer, actor=analyst, speaker="Alexander Ivanov")

    assert Claim.objects.get(pk=asked.pk).speaker == "TASS"
    question.refresh_from_db()
    assert question.speaker == "TASS"


def test_same_speaker_changes_nothing(answer, claims, analyst):
    assert correct_speaker(answer, actor=analyst, speaker=" TASS ") == 0

    assert speakers(claims)["open"] == "TASS"
    assert not ClaimEvent.objects.exists()


@pytest.mark.parametrize(
    "speaker, message",
    [
        ("", "Give the speaker's name."),
        ("   \n", "Give the speaker's name."),
        (None, "Give the speaker's name."),
        ("x" * 201, "at most 200 characters"),
        ("Ivan\x00ov", "null character"),
    ],
)
def test_bad_speaker_is_refused_and_nothing_changes(answer, claims, analyst, speaker, message):
    with pytest.raises(InvalidAction) as refusal:
        correct_speaker(answer, actor=analyst, speaker=speaker)

    assert refusal.value.field == "speaker"
    assert message in refusal.value.message
    answer.refresh_from_db()
    assert answer.speaker == "TASS"
    assert set(speakers(claims).values()) == {"TASS"}
    assert not ClaimEvent.objects.exists()


def test_longest_speaker_allowed_is_200_characters(answer, claims, analyst):
    correct_speaker(answer, actor=analyst, speaker="x" * 200 + "  ")

    answer.refresh_from_db()
    assert answer.speaker == "x" * 200


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_only_analysts_may_correct_a_speaker(answer, claims, who, request):
    actor = request.getfixturevalue(who)

    with pytest.raises(NotAllowed):
        correct_speaker(answer, actor=actor, speaker="Alexander Ivanov")

    answer.refresh_from_db()
    assert answer.speaker == "TASS"
    assert not ClaimEvent.objects.exists()


def test_admin_may_correct_a_speaker(answer, claims, admin_member):
    assert correct_speaker(answer, actor=admin_member, speaker="Alexander Ivanov") == 3
