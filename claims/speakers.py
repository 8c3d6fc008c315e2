"""Corrections to a source's passages that carry over to the claims anchored in them."""

from django.db import transaction

from claims.access import User, is_analyst
from claims.models import Claim
from claims.workflow import InvalidAction, NotAllowed, update_claim
from sources.models import Passage

SPEAKER_MAX_LENGTH = Passage._meta.get_field("speaker").max_length
# Claims still being drafted follow their passage's speaker; in review or approved they are
# frozen, and a dismissed candidate is left as it was dismissed.
FOLLOWING_STATUSES = (Claim.Status.CANDIDATE, Claim.Status.OPEN, Claim.Status.IN_RESEARCH)


def correct_speaker(passage: Passage, *, actor: User | None, speaker: str) -> int:
    """Set the passage's speaker and re-attribute its draft claims; return how many changed."""
    if actor is None or not is_analyst(actor):
        raise NotAllowed("Only analysts may correct a speaker.")
    new = clean_speaker(speaker)
    with transaction.atomic():
        locked = Passage.objects.select_for_update().get(pk=passage.pk)
        old = locked.speaker
        if new == old:
            return 0
        locked.speaker = new
        locked.save(update_fields=["speaker"])
        # Only claims that still carry the old attribution: a speaker an analyst set by hand
        # on one claim is their judgement, not the importer's.
        claims = (
            Claim.objects.select_for_update()
            .filter(passage=locked, status__in=FOLLOWING_STATUSES, speaker=old)
            .order_by("pk")
        )
        changed = 0
        for claim in claims:
            update_claim(claim, actor=actor, version=claim.version, speaker=new)
            changed += 1
    passage.speaker = new
    return changed


def clean_speaker(speaker: object) -> str:
    """Return the speaker's name stripped, or raise InvalidAction saying what is wrong."""
    if not isinstance(speaker, str) or not speaker.strip():
        raise InvalidAction("Give the speaker's name.", field="speaker")
    speaker = speaker.strip()
    if len(speaker) > SPEAKER_MAX_LENGTH:
        raise InvalidAction(
            f"A speaker's name has at most {SPEAKER_MAX_LENGTH} characters "
            f"(this one has {len(speaker)}).",
            field="speaker",
        )
    if "\x00" in speaker:
        raise InvalidAction("The speaker's name holds a null character.", field="speaker")
    return speaker
