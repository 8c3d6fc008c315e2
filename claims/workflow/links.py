"""Same claim: link a claim to an earlier one that says the same, undo it, copy its evidence.

Linking and unlinking write an event on both claims in the one transaction, with both rows
locked (in id order, so two analysts linking the same pair never deadlock). The claim that
repeats the earlier one is the one that changes: its `version` is checked and bumped, and it
must not be frozen; the earlier claim only gains an event (an approved verdict stays as it
is). Copying evidence adds each link through `add_evidence`, one event each; the earlier
claim's rating and rationale are never copied.
"""

from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimLink, Evidence
from claims.workflow.base import (
    InvalidAction,
    Status,
    User,
    check_not_frozen,
    check_version,
    require_analyst,
    save_change,
    write_event,
)
from claims.workflow.edits import add_evidence

UNCHECKED = {Status.CANDIDATE, Status.DISMISSED}


def _lock_pair(claim_id: int | Claim, earlier_id: int | Claim) -> tuple[Claim, Claim]:
    """Lock both claims in id order; refuse an earlier claim that is missing or the same."""
    ids = []
    for value, field in ((claim_id, "claim"), (earlier_id, "earlier")):
        value = value.pk if isinstance(value, Claim) else value
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise InvalidAction("Give the number of a claim.", field=field) from None
    claim_pk, earlier_pk = ids
    if claim_pk == earlier_pk:
        raise InvalidAction("A claim cannot be the same claim as itself.", field="earlier")
    locked = {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if claim_pk not in locked:
        raise InvalidAction("No such claim.", field="claim")
    if earlier_pk not in locked:
        raise InvalidAction(f"There is no claim #{earlier_pk}.", field="earlier")
    return locked[claim_pk], locked[earlier_pk]


def _check_pair(claim: Claim, earlier: Claim) -> None:
    overlapping = earlier.start < claim.end and earlier.end > claim.start
    if earlier.source_id == claim.source_id and overlapping:
        raise InvalidAction(
            f"Claim #{earlier.pk} marks the same words of the same source.", field="earlier"
        )
    if earlier.pk > claim.pk:  # ids are handed out in the order claims are recorded
        raise InvalidAction(
            f"Claim #{earlier.pk} was recorded after this one: link it to this claim from "
            f"claim #{earlier.pk}'s page.",
            field="earlier",
        )
    if earlier.status in UNCHECKED:
        raise InvalidAction(
            f"Claim #{earlier.pk} is {earlier.get_status_display().lower()}: only claims "
            "someone has taken on can be linked.",
            field="earlier",
        )


def link_same_claim(
    claim_id: int | Claim, *, actor: User, earlier: int | Claim, version: int
) -> ClaimLink:
    """Record that the claim says the same as an earlier claim, with an event on each."""
    require_analyst(actor)
    with transaction.atomic():
        claim, other = _lock_pair(claim_id, earlier)
        check_version(claim, version)
        check_not_frozen(claim)
        _check_pair(claim, other)
        try:
            with transaction.atomic():
                link = ClaimLink.objects.create(claim=claim, earlier=other, created_by=actor)
        except IntegrityError:
            raise InvalidAction(
                f"This claim is already linked to claim #{other.pk}.", field="earlier"
            ) from None
        save_change(claim, actor, "link_same", claim.status, {"same_as": [None, other.pk]}, "")
        write_event(other, actor, "link_same", other.status, {"repeated_by": [None, claim.pk]}, "")
    return link


def unlink_same_claim(
    claim_id: int | Claim, *, actor: User, earlier: int | Claim, version: int
) -> Claim:
    """Undo a "same claim" link, with an event on each claim."""
    require_analyst(actor)
    with transaction.atomic():
        claim, other = _lock_pair(claim_id, earlier)
        check_version(claim, version)
        check_not_frozen(claim)
        removed, _ = ClaimLink.objects.filter(claim=claim, earlier=other).delete()
        if not removed:
            raise InvalidAction(f"This claim is not linked to claim #{other.pk}.", field="earlier")
        save_change(claim, actor, "unlink_same", claim.status, {"same_as": [other.pk, None]}, "")
        write_event(
            other, actor, "unlink_same", other.status, {"repeated_by": [claim.pk, None]}, ""
        )
    return claim


def copy_evidence(
    claim_id: int | Claim, *, actor: User, earlier: int | Claim, version: int
) -> list[Evidence]:
    """Copy a linked earlier claim's evidence links into the claim; return the new ones.

    Links the claim already holds (same source, stance, excerpt and locator) and links to
    the claim's own source are skipped, so copying twice adds nothing the second time.
    """
    require_analyst(actor)
    with transaction.atomic():
        claim, other = _lock_pair(claim_id, earlier)
        check_version(claim, version)
        check_not_frozen(claim)
        if not ClaimLink.objects.filter(claim=claim, earlier=other).exists():
            raise InvalidAction(
                f"Link this claim to claim #{other.pk} as the same claim before copying its "
                "evidence.",
                field="earlier",
            )
        held = {_fingerprint(e) for e in claim.evidence.all()}
        copied = []
        for evidence in other.evidence.select_related("source").order_by("id"):
            if evidence.source_id == claim.source_id or _fingerprint(evidence) in held:
                continue
            held.add(_fingerprint(evidence))
            copied.append(
                add_evidence(
                    claim.pk,
                    actor=actor,
                    source=evidence.source,
                    stance=evidence.stance,
                    excerpt=evidence.excerpt,
                    locator=evidence.locator,
                    source_figure=evidence.source_figure,
                    figure_low=evidence.figure_low,
                    figure_high=evidence.figure_high,
                    credibility=evidence.credibility,
                    note=evidence.note,
                    comment=f"Copied from claim #{other.pk}.",
                )
            )
    return copied


def _fingerprint(evidence: Evidence) -> tuple:
    return (evidence.source_id, evidence.stance, evidence.excerpt.strip(), evidence.locator.strip())
