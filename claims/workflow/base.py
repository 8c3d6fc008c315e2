"""What every workflow change shares: its errors, the row lock, the version check, the event."""

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.access import is_analyst
from claims.models import Claim, ClaimEvent
from extraction.figures import as_written
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


class NotAllowed(WorkflowError):
    """The actor may not do this (HTTP 403)."""

    status_code = 403


class InvalidAction(WorkflowError):
    """Wrong state, or a requirement of the action is missing (HTTP 400, naming the field)."""

    status_code = 400


class StaleVersion(WorkflowError):
    """Someone changed the claim since the caller read it (HTTP 409)."""

    status_code = 409


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


def require_analyst(user: User) -> None:
    if user is None or not user.is_authenticated or not is_analyst(user):
        raise NotAllowed("Only analysts may change claims.")


def lock_claim(claim_id: int | Claim) -> Claim:
    pk = claim_id.pk if isinstance(claim_id, Claim) else claim_id
    try:
        return Claim.objects.select_for_update().get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise InvalidAction("No such claim.", field="claim") from None


def check_version(claim: Claim, version: int | None) -> None:
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


def check_not_frozen(claim: Claim) -> None:
    if claim.status in FROZEN_STATUSES:
        raise InvalidAction(
            f"The claim is {claim.get_status_display().lower()}: "
            + ("reopen it" if claim.status == Status.APPROVED else "send it back")
            + " before changing it.",
            field="status",
        )


def check_fields(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidAction(f"Cannot set {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])


KINDS = frozenset(Claim.Kind.values)


def clean_kinds(kinds: Iterable[str]) -> list[str]:
    cleaned = sorted(set(kinds or []))
    if not cleaned or not set(cleaned) <= KINDS:
        raise InvalidAction("Mark the claim quantitative, attributive or both.", field="kinds")
    return cleaned


class PassageFinder:
    """The passages of a source over a range of offsets, loaded in one query, found by bisection."""

    def __init__(self, source: Source, offsets: Iterable[int]) -> None:
        offsets = list(offsets)
        self.passages = (
            list(Passage.objects.overlapping(source.pk, min(offsets), max(offsets) + 1))
            if offsets
            else []
        )
        self.starts = [p.start for p in self.passages]

    def holding(self, offset: int) -> Passage | None:
        """Return the passage whose text holds the character at offset, if one does."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and self.passages[index].end > offset:
            return self.passages[index]
        return None


def anchored_claim(
    source: Source, start: int, end: int, *, passages: PassageFinder | None = None
) -> Claim:
    """Return an unsaved claim anchored at text[start:end], with quote, context and passage.

    `passages`, when given, holds the source's passages around the span already loaded.
    """
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
    if passages is None:
        passage = Passage.objects.filter(source=source, start__lte=start, end__gt=start).first()
    else:
        passage = passages.holding(start)
    return Claim(
        source=source,
        passage=passage,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def validate(instance, exclude: list[str] | None = None) -> None:
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


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidAction(f"{value!r} is not a number.", field="value_low") from None


SNAPSHOT_FIELDS = [*sorted(EDITABLE_FIELDS), "status", "assignee_id", "correction_note"]


def snapshot(claim: Claim) -> dict[str, Any]:
    return {name: _jsonable(getattr(claim, name)) for name in SNAPSHOT_FIELDS}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return as_written(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def diff(old: dict, new: dict) -> dict[str, list]:
    return {k: [old[k], new[k]] for k in new if old.get(k) != new[k]}


def save_change(
    claim: Claim, actor: User, action: str, from_status: str, changes: dict, comment: str
) -> ClaimEvent:
    claim.version += 1
    fields = {"assignee" if k == "assignee_id" else k for k in changes if k != "verdict"}
    fields |= {"version", "updated_at"}
    if action == "submit":
        fields |= {"submitted_by", "submitted_at", "rating", "rationale"}
    if action in {"approve", "request_changes"}:
        fields |= {"reviewed_by", "reviewed_at", "approved_at", "correction_note"}
    if action == "approve":
        fields.add("first_approved_at")
    if action == "reopen":
        fields.add("approved_at")
    claim.save(update_fields=sorted(fields & _concrete_fields()))
    return write_event(claim, actor, action, from_status, changes, comment)


def _concrete_fields() -> set[str]:
    return {f.name for f in Claim._meta.concrete_fields}


def write_event(
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
