"""The transition table and the one function that moves a claim along it."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from claims.access import is_analyst, is_reviewer
from claims.models import Claim
from claims.publishing.validation import missing_for_approval
from claims.workflow.base import (
    InvalidAction,
    NotAllowed,
    Status,
    User,
    check_version,
    diff,
    lock_claim,
    save_change,
    snapshot,
)
from claims.workflow.edits import update_claim
from claims.workflow.rounds import round_authors


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    role: str  # "analyst", "assignee" or "reviewer"
    needs_comment: bool = False


# The transition table of the design, one row an action.
ACTIONS: dict[str, Transition] = {
    "accept": Transition((Status.CANDIDATE,), Status.OPEN, "analyst"),
    "dismiss": Transition((Status.CANDIDATE,), Status.DISMISSED, "analyst", needs_comment=True),
    "restore": Transition((Status.DISMISSED,), Status.CANDIDATE, "analyst"),
    "start": Transition((Status.OPEN,), Status.IN_RESEARCH, "analyst"),
    "submit": Transition((Status.IN_RESEARCH,), Status.IN_REVIEW, "assignee"),
    "approve": Transition((Status.IN_REVIEW,), Status.APPROVED, "reviewer"),
    "request_changes": Transition(
        (Status.IN_REVIEW,), Status.IN_RESEARCH, "reviewer", needs_comment=True
    ),
    "reopen": Transition((Status.APPROVED,), Status.IN_RESEARCH, "reviewer", needs_comment=True),
}


def refusal_reason(
    claim: Claim, user: User, action: str, *, authors: set[int] | None = None
) -> str | None:
    """Return why this user may not take this action on this claim, or None if they may.

    `authors`, when given, holds who wrote the claim in this review round (`round_authors`),
    read for a whole page at once; else it is read from the trail here.
    """
    transition = ACTIONS.get(action)
    if transition is None:
        return f"Unknown action {action!r}."
    if user is None or not user.is_authenticated or not user.is_active:
        return "Sign in first."
    if transition.role in {"analyst", "assignee"} and not is_analyst(user):
        return "Only analysts may do this."
    if transition.role == "assignee" and claim.assignee_id != user.pk and not user.is_superuser:
        return "Only the analyst assigned to this claim may submit it."
    if transition.role == "reviewer":
        if not is_reviewer(user):
            return "Only reviewers may do this."
        if action == "approve" and user.pk == claim.submitted_by_id:
            return "You submitted this verdict; another reviewer must approve it."
        if action == "approve" and user.pk == claim.assignee_id:
            return "You are assigned to this claim; another reviewer must approve it."
        if action == "approve":
            wrote = authors if authors is not None else round_authors([claim.pk])[claim.pk]
            if user.pk in wrote:
                return (
                    "You wrote part of this verdict or claim since its last review; "
                    "another reviewer must approve it."
                )
    return None


def allowed_actions(claim: Claim, user: User) -> list[str]:
    """Return the actions this user may take on the claim in its current status."""
    return [
        name
        for name, transition in ACTIONS.items()
        if claim.status in transition.sources and refusal_reason(claim, user, name) is None
    ]


def apply_action(
    claim_id: int | Claim,
    action: str,
    *,
    actor: User,
    version: int,
    comment: str = "",
    rating: str | None = None,
    rationale: str | None = None,
) -> Claim:
    """Apply a workflow action for actor, or raise the WorkflowError that says why not."""
    transition = ACTIONS.get(action)
    if transition is None:
        choices = ", ".join(ACTIONS)
        raise InvalidAction(f"Unknown action {action!r}; choose one of {choices}.", field="action")
    comment = (comment or "").strip()
    with transaction.atomic():
        claim = lock_claim(claim_id)
        reason = refusal_reason(claim, actor, action)
        if reason:
            raise NotAllowed(reason)
        check_version(claim, version)
        if claim.status not in transition.sources:
            raise InvalidAction(
                f"Cannot {action.replace('_', ' ')} a claim that is "
                f"{claim.get_status_display().lower()}.",
                field="action",
            )
        if transition.needs_comment and not comment:
            what = "a reason" if action in {"dismiss", "reopen"} else "a comment"
            raise InvalidAction(f"Give {what}.", field="comment")

        if action == "approve":
            _check_publishable(claim)

        old = snapshot(claim)
        earlier_verdict = {"rating": claim.rating, "rationale": claim.rationale}
        now = timezone.now()
        claim.status = transition.target
        if action == "start" and claim.assignee_id is None:
            claim.assignee = actor
        elif action == "submit":
            _prepare_submission(claim, rating, rationale)
            claim.submitted_by, claim.submitted_at = actor, now
        elif action in {"approve", "request_changes"}:
            claim.reviewed_by, claim.reviewed_at = actor, now
            if action == "approve":
                claim.approved_at = now
                claim.first_approved_at = claim.first_approved_at or now
                claim.correction_note = _correction_note(claim) or claim.correction_note
        elif action == "reopen":
            claim.approved_at = None  # no longer a published verdict; the trail keeps the date

        changes = diff(old, snapshot(claim))
        if action == "reopen":
            changes["verdict"] = [earlier_verdict, None]
        save_change(claim, actor, action, old["status"], changes, comment)
    return claim


def submit_draft(
    claim_id: int | Claim, *, actor: User, version: int, comment: str = "", **fields: Any
) -> Claim:
    """Save the draft as typed and submit its rating and rationale for review, or do neither.

    The claim page's Submit sends the draft form: what the analyst typed there is what goes
    to review, and a refused submission saves nothing of it.
    """
    rating, rationale = fields.pop("rating", ""), fields.pop("rationale", "")
    with transaction.atomic():
        claim = update_claim(claim_id, actor=actor, version=version, **fields)
        return apply_action(
            claim.pk,
            "submit",
            actor=actor,
            version=claim.version,
            comment=comment,
            rating=rating or "",
            rationale=rationale or "",
        )


def _prepare_submission(claim: Claim, rating: str | None, rationale: str | None) -> None:
    if rating is not None:
        claim.rating = rating
    if rationale is not None:
        claim.rationale = rationale.strip()
    if claim.rating not in Claim.Rating.values:
        raise InvalidAction("Choose a rating before submitting.", field="rating")
    if not claim.rationale.strip():
        raise InvalidAction("Write the rationale before submitting.", field="rationale")
    if claim.rating != Claim.Rating.UNVERIFIABLE and not claim.evidence.exists():
        raise InvalidAction(
            "Link at least one piece of evidence (or rate the claim unverifiable).",
            field="evidence",
        )


def _check_publishable(claim: Claim) -> None:
    """Refuse to approve a verdict whose ClaimReview would lack a required member."""
    missing = missing_for_approval(claim)
    if missing is not None:
        raise InvalidAction(f"Cannot publish: {missing}", field=missing.field)


def _correction_note(claim: Claim) -> str:
    """Describe the last reopening of an approved verdict, for the public record."""
    reopen = claim.events.filter(action="reopen").order_by("-created_at", "-id").first()
    if reopen is None:
        return ""
    earlier = (reopen.changes.get("verdict") or [{}])[0] or {}
    label = Claim.Rating(earlier["rating"]).label if earlier.get("rating") else "none"
    return (
        f"Corrected on {timezone.localdate(reopen.created_at).isoformat()}: the earlier "
        f"verdict was “{label}”. Reason: {reopen.comment}"
    )
