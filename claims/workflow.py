"""The verdict workflow: every change to a claim goes through a function of this module.

Each function runs in one transaction: it locks the claim row, checks the actor's right, the
claim's status and the `version` the caller saw, saves only the fields that changed, bumps
`version`, writes one ClaimEvent, and queues follow-up work (mail) only once the transaction
has committed. Pages, the API, the admin, commands and tasks all call these functions.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.access import is_analyst, is_reviewer
from claims.models import Claim, ClaimEvent, Evidence
from sources.models import Passage, Source

Status = Claim.Status
User = AbstractBaseUser | AnonymousUser | None
CONTEXT_CHARS = 32  # prefix/suffix kept around a quote to find it again after a re-import


class WorkflowError(Exception):
    """A change the workflow refuses; `status_code` says how an HTTP caller reports it."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        """Return the error in the {field: [message]} shape of form and API errors."""
        return {self.field or "non_field_errors": [self.message]}


class NotAllowed(WorkflowError):
    """The actor may not do this (HTTP 403)."""

    status_code = 403


class InvalidAction(WorkflowError):
    """Wrong state, or a requirement of the action is missing (HTTP 400, naming the field)."""

    status_code = 400


class StaleVersion(WorkflowError):
    """Someone changed the claim since the caller read it (HTTP 409)."""

    status_code = 409


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
NOTIFY_ACTIONS = {"submit", "approve", "request_changes"}
# While a verdict is being reviewed or stands approved, its content and evidence are frozen.
FROZEN_STATUSES = {Status.IN_REVIEW, Status.APPROVED}

# Fields an analyst may set when recording a claim or edit later (the span never changes).
EDITABLE_FIELDS = {
    "statement",
    "speaker",
    "kinds",
    "rating",
    "rationale",
    "tags",
    "quantity_text",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "attributed_to",
    "attribution_verb",
    "attributed_content",
    "attribution_status",
}


# --- who may do what -------------------------------------------------------------------


def refusal_reason(claim: Claim, user: User, action: str) -> str | None:
    """Return why this user may not take this action on this claim, or None if they may."""
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
    return None


def allowed_actions(claim: Claim, user: User) -> list[str]:
    """Return the actions this user may take on the claim in its current status."""
    return [
        name
        for name, transition in ACTIONS.items()
        if claim.status in transition.sources and refusal_reason(claim, user, name) is None
    ]


def _require_analyst(user: User) -> None:
    if user is None or not user.is_authenticated or not is_analyst(user):
        raise NotAllowed("Only analysts may change claims.")


# --- workflow actions ------------------------------------------------------------------


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
        claim = _lock(claim_id)
        reason = refusal_reason(claim, actor, action)
        if reason:
            raise NotAllowed(reason)
        _check_version(claim, version)
        if claim.status not in transition.sources:
            raise InvalidAction(
                f"Cannot {action.replace('_', ' ')} a claim that is "
                f"{claim.get_status_display().lower()}.",
                field="action",
            )
        if transition.needs_comment and not comment:
            what = "a reason" if action in {"dismiss", "reopen"} else "a comment"
            raise InvalidAction(f"Give {what}.", field="comment")

        old = _snapshot(claim)
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
                claim.correction_note = _correction_note(claim) or claim.correction_note

        changes = _diff(old, _snapshot(claim))
        if action == "reopen":
            changes["verdict"] = [earlier_verdict, None]
        _save(claim, actor, action, old["status"], changes, comment)
    return claim


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


# --- content edits ---------------------------------------------------------------------


def record_claim(
    source: Source,
    *,
    actor: User,
    start: int,
    end: int,
    kinds: Iterable[str],
    statement: str = "",
    speaker: str | None = None,
    **fields: Any,
) -> Claim:
    """Record a claim an analyst marked in a source's text, open for research."""
    _require_analyst(actor)
    _check_fields(fields)
    with transaction.atomic():
        claim = _anchored_claim(source, start, end)
        claim.kinds = _clean_kinds(kinds)
        claim.statement = statement.strip()
        claim.speaker = (
            speaker if speaker is not None else (claim.passage.speaker if claim.passage else "")
        )
        for name, value in fields.items():
            setattr(claim, name, value)
        claim.status, claim.origin = Status.OPEN, Claim.Origin.ANALYST
        claim.created_by = actor
        _validate(claim)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            raise InvalidAction("A claim already marks exactly this span.", field="start") from None
        changes = {k: [None, v] for k, v in _snapshot(claim).items() if v not in ("", [], None)}
        _event(claim, actor, "record", "", changes, "")
    return claim


def update_claim(claim_id: int | Claim, *, actor: User, version: int, **fields: Any) -> Claim:
    """Change a claim's content, rating or rationale; a change to nothing writes nothing."""
    _require_analyst(actor)
    _check_fields(fields)
    with transaction.atomic():
        claim = _lock(claim_id)
        _check_version(claim, version)
        _check_not_frozen(claim)
        old = _snapshot(claim)
        if "kinds" in fields:
            fields["kinds"] = _clean_kinds(fields["kinds"])
        for name, value in fields.items():
            setattr(claim, name, value.strip() if isinstance(value, str) else value)
        _validate(claim)
        changes = _diff(old, _snapshot(claim))
        if changes:
            _save(claim, actor, "edit", claim.status, changes, "")
    return claim


def assign_claim(claim_id: int | Claim, *, actor: User, version: int, assignee) -> Claim:
    """Give the claim to an analyst (or to nobody with assignee=None)."""
    _require_analyst(actor)
    if assignee is not None and not is_analyst(assignee):
        raise InvalidAction("Claims can only be assigned to analysts.", field="assignee")
    with transaction.atomic():
        claim = _lock(claim_id)
        _check_version(claim, version)
        _check_not_frozen(claim)
        old = _snapshot(claim)
        claim.assignee = assignee
        changes = _diff(old, _snapshot(claim))
        if changes:
            _save(claim, actor, "assign", claim.status, changes, "")
    return claim


def add_evidence(
    claim_id: int | Claim,
    *,
    actor: User,
    source: Source,
    stance: str,
    excerpt: str = "",
    locator: str = "",
    source_figure: str = "",
    credibility: int = Evidence.Credibility.CANNOT_JUDGE,
    note: str = "",
) -> Evidence:
    """Link a source to the claim as evidence with a stance."""
    _require_analyst(actor)
    with transaction.atomic():
        claim = _lock(claim_id)
        _check_not_frozen(claim)
        evidence = Evidence(
            claim=claim,
            source=source,
            stance=stance,
            excerpt=excerpt.strip(),
            locator=locator.strip(),
            source_figure=source_figure.strip(),
            credibility=credibility,
            note=note.strip(),
            created_by=actor,
        )
        _validate(evidence, exclude=["claim", "source", "created_by"])
        evidence.save()
        summary = {"id": evidence.pk, "source": source.pk, "stance": stance}
        _save(claim, actor, "add_evidence", claim.status, {"evidence": [None, summary]}, "")
    return evidence


def remove_evidence(evidence_id: int, *, actor: User) -> None:
    """Unlink a piece of evidence from its claim."""
    _require_analyst(actor)
    with transaction.atomic():
        try:
            evidence = Evidence.objects.get(pk=evidence_id)
        except Evidence.DoesNotExist:
            raise InvalidAction("No such evidence.", field="evidence") from None
        claim = _lock(evidence.claim_id)
        _check_not_frozen(claim)
        summary = {"id": evidence.pk, "source": evidence.source_id, "stance": evidence.stance}
        evidence.delete()
        _save(claim, actor, "remove_evidence", claim.status, {"evidence": [summary, None]}, "")


def propose_candidates(source: Source, candidates: list[dict], *, actor: User = None) -> int:
    """Store extracted candidates for a source, skipping spans it already has; return how many."""
    if actor is not None:
        _require_analyst(actor)
    with transaction.atomic():
        # One proposer at a time per source, so two runs never race on the same spans.
        source = Source.objects.select_for_update().get(pk=source.pk)
        taken = set(source.claims.values_list("start", "end"))
        new = []
        for candidate in candidates:
            fields = {k: v for k, v in candidate.items() if k in EDITABLE_FIELDS}
            span = (candidate["start"], candidate["end"])
            if span in taken:
                continue
            taken.add(span)
            claim = _anchored_claim(source, *span)
            if candidate.get("quote") not in (None, claim.quote):
                raise ValueError(f"candidate quote does not match the text at {span}")
            for name, value in fields.items():
                setattr(claim, name, _decimal(value) if name.startswith("value_") else value)
            if not fields.get("speaker") and claim.passage:
                claim.speaker = claim.passage.speaker
            claim.kinds = _clean_kinds(claim.kinds)
            claim.status, claim.origin = Status.CANDIDATE, Claim.Origin.EXTRACTOR
            new.append(claim)
        Claim.objects.bulk_create(new)
        ClaimEvent.objects.bulk_create(
            ClaimEvent(claim=c, actor=actor, action="propose", to_status=Status.CANDIDATE)
            for c in new
        )
    return len(new)


# --- helpers ---------------------------------------------------------------------------


def _lock(claim_id: int | Claim) -> Claim:
    pk = claim_id.pk if isinstance(claim_id, Claim) else claim_id
    try:
        return Claim.objects.select_for_update().get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise InvalidAction("No such claim.", field="claim") from None


def _check_version(claim: Claim, version: int | None) -> None:
    try:
        seen = int(version)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidAction("Give the version of the claim you saw.", field="version") from None
    if seen != claim.version:
        raise StaleVersion(
            f"The claim changed since you loaded it (version {seen}, now {claim.version}); "
            "reload and try again.",
            field="version",
        )


def _check_not_frozen(claim: Claim) -> None:
    if claim.status in FROZEN_STATUSES:
        raise InvalidAction(
            f"The claim is {claim.get_status_display().lower()}: "
            + ("reopen it" if claim.status == Status.APPROVED else "send it back")
            + " before changing it.",
            field="status",
        )


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidAction(f"Cannot set {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])


def _clean_kinds(kinds: Iterable[str]) -> list[str]:
    cleaned = sorted(set(kinds or []))
    if not cleaned or not set(cleaned) <= set(Claim.Kind.values):
        raise InvalidAction("Mark the claim quantitative, attributive or both.", field="kinds")
    return cleaned


def _anchored_claim(source: Source, start: int, end: int) -> Claim:
    """Return an unsaved claim anchored at text[start:end], with quote, context and passage."""
    text = source.text
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise InvalidAction("Start and end must be character offsets.", field="start") from None
    if not 0 <= start < end <= len(text):
        raise InvalidAction(
            f"The span {start}..{end} is not inside the text (0..{len(text)}).", field="end"
        )
    if not text[start:end].strip():
        raise InvalidAction("The selected span is blank.", field="end")
    passage = Passage.objects.filter(source=source, start__lte=start, end__gt=start).first()
    return Claim(
        source=source,
        passage=passage,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def _validate(instance, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidAction(
            " ".join(messages), field=None if field == "__all__" else field
        ) from None
    bounds = (getattr(instance, "value_low", None), getattr(instance, "value_high", None))
    if None not in bounds and bounds[0] > bounds[1]:
        raise InvalidAction("The low bound is above the high bound.", field="value_high")


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidAction(f"{value!r} is not a number.", field="value_low") from None


SNAPSHOT_FIELDS = [*sorted(EDITABLE_FIELDS), "status", "assignee_id", "correction_note"]


def _snapshot(claim: Claim) -> dict[str, Any]:
    return {name: _jsonable(getattr(claim, name)) for name in SNAPSHOT_FIELDS}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def _diff(old: dict, new: dict) -> dict[str, list]:
    return {k: [old[k], new[k]] for k in new if old.get(k) != new[k]}


def _save(
    claim: Claim, actor: User, action: str, from_status: str, changes: dict, comment: str
) -> ClaimEvent:
    claim.version += 1
    fields = {"assignee" if k == "assignee_id" else k for k in changes if k != "verdict"}
    fields |= {"version", "updated_at"}
    if action == "submit":
        fields |= {"submitted_by", "submitted_at", "rating", "rationale"}
    if action in {"approve", "request_changes"}:
        fields |= {"reviewed_by", "reviewed_at", "approved_at", "correction_note"}
    claim.save(update_fields=sorted(fields & _concrete_fields()))
    return _event(claim, actor, action, from_status, changes, comment)


def _concrete_fields() -> set[str]:
    return {f.name for f in Claim._meta.concrete_fields}


def _event(
    claim: Claim, actor: User, action: str, from_status: str, changes: dict, comment: str
) -> ClaimEvent:
    event = ClaimEvent.objects.create(
        claim=claim,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=claim.status,
        comment=comment,
        changes=changes,
    )
    if action in NOTIFY_ACTIONS:
        from claims.notifications import send_transition_mail

        # After commit only, and a mail failure never undoes or breaks the change.
        transaction.on_commit(partial(send_transition_mail.delay, event.pk), robust=True)
    return event
