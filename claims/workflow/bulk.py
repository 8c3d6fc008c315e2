"""One workflow action on many claims: each claim goes through its own function, with its event.

A bulk request is checked whole before anything changes (bad input changes nothing); then the
claims are taken in order of id, a batch per transaction, each claim in a savepoint of its
own (the workflow function's atomic block), so that a refused claim leaves the others done
and the summary says why it was refused. Locking in order of id means two bulk requests over
the same claims never wait on each other in a circle.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from claims.access import claims_visible_to, is_analyst
from claims.workflow.base import (
    InvalidAction,
    NotAllowed,
    StaleVersion,
    User,
    WorkflowError,
    lock_claim,
    require_analyst,
)
from claims.workflow.edits import update_claim
from claims.workflow.transitions import apply_action

# The actions that apply to many claims at once; the others need one claim's own judgement.
BULK_ACTIONS = {
    "accept": "Accept",
    "dismiss": "Dismiss",
    "start": "Start research",
    "assign": "Assign",
    "tag": "Add tags",
}
MAX_IDS = 500  # claims one request may name
BATCH_SIZE = 100  # claims per transaction: fewer commits, row locks held only so long
MAX_TAGS = 20
TAG_LENGTH = 50


@dataclass
class Refusal:
    id: int
    reason: str
    problem: str  # "not_found", "not_allowed", "stale" or "invalid"
    field: str | None = None


@dataclass
class BulkResult:
    """What a bulk action did: the claims changed (with their new version), unchanged, refused."""

    action: str
    done: dict[int, int] = field(default_factory=dict)
    unchanged: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


PROBLEMS = {NotAllowed: "not_allowed", StaleVersion: "stale"}


def bulk_action(
    ids: Iterable[Any],
    action: str,
    *,
    actor: User,
    versions: Mapping[Any, Any],
    comment: str = "",
    assignee: Any = None,
    tags: Iterable[str] = (),
) -> BulkResult:
    """Apply one action to many claims, each through the workflow with its own event.

    `versions` maps each claim id to the version the caller saw. Raise InvalidAction (naming
    the field) or NotAllowed before changing anything when the request itself is wrong.
    """
    if action not in BULK_ACTIONS:
        raise InvalidAction(
            f"Unknown bulk action {action!r}; choose one of {', '.join(BULK_ACTIONS)}.",
            field="action",
        )
    require_analyst(actor)
    claim_ids = clean_ids(ids)
    seen = clean_versions(versions, claim_ids)
    comment = (comment or "").strip()
    if action == "dismiss" and not comment:
        raise InvalidAction("Give a reason for dismissing them.", field="comment")
    if action == "assign" and assignee is not None and not is_analyst(assignee):
        raise InvalidAction("Claims can only be assigned to analysts.", field="assignee")
    new_tags = clean_tags(tags) if action == "tag" else []

    def one(claim_id: int) -> int:
        """Apply the action to one claim; return its version after."""
        version = seen[claim_id]
        if action == "assign":
            return update_claim(claim_id, actor=actor, version=version, assignee=assignee).version
        if action == "tag":
            with transaction.atomic():
                claim = lock_claim(claim_id)
                merged = claim.tags + [t for t in new_tags if t not in claim.tags]
                return update_claim(claim, actor=actor, version=version, tags=merged).version
        return apply_action(claim_id, action, actor=actor, version=version, comment=comment).version

    result = BulkResult(action=action)
    ordered = sorted(claim_ids)
    for first in range(0, len(ordered), BATCH_SIZE):
        batch = ordered[first : first + BATCH_SIZE]
        with transaction.atomic():
            visible = set(
                claims_visible_to(actor).filter(pk__in=batch).values_list("pk", flat=True)
            )
            for claim_id in batch:
                if claim_id not in visible:
                    result.refused.append(Refusal(claim_id, "No such claim.", "not_found", "ids"))
                    continue
                try:
                    # Each function's own atomic block is a savepoint here: a refusal undoes
                    # that claim only, and the batch goes on.
                    after = one(claim_id)
                except WorkflowError as error:
                    problem = PROBLEMS.get(type(error), "invalid")
                    result.refused.append(Refusal(claim_id, error.message, problem, error.field))
                    continue
                if after != seen[claim_id]:
                    result.done[claim_id] = after
                else:
                    result.unchanged.append(claim_id)
    return result


def clean_ids(ids: Iterable[Any]) -> list[int]:
    """Return the claim ids as whole numbers, each once, or raise InvalidAction naming `ids`."""
    if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
        raise InvalidAction("Give a list of claim ids.", field="ids")
    cleaned: dict[int, None] = {}
    for value in ids:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise InvalidAction(f"{value!r} is not a claim id.", field="ids") from None
        if number < 1:
            raise InvalidAction(f"{value!r} is not a claim id.", field="ids")
        cleaned[number] = None
    if not cleaned:
        raise InvalidAction("Select at least one claim.", field="ids")
    if len(cleaned) > MAX_IDS:
        raise InvalidAction(too_many_ids(len(cleaned)), field="ids")
    return list(cleaned)


def too_many_ids(count: int) -> str:
    """Return the message refusing a bulk request over MAX_IDS claims."""
    return f"At most {MAX_IDS} claims at a time; {count} were sent. Split the request."


def clean_versions(versions: Mapping[Any, Any], ids: list[int]) -> dict[int, int]:
    """Return the version seen of each claim id, or raise InvalidAction naming `versions`."""
    if not isinstance(versions, Mapping):
        raise InvalidAction("Give the version you saw of each claim, by id.", field="versions")
    seen: dict[int, int] = {}
    for key, value in versions.items():
        try:
            claim_id, version = int(key), int(value)
        except (TypeError, ValueError):
            raise InvalidAction(
                f"Versions map claim ids to whole numbers; {key!r}: {value!r} is not one.",
                field="versions",
            ) from None
        seen[claim_id] = version
    missing = [claim_id for claim_id in ids if claim_id not in seen]
    if missing:
        shown = ", ".join(str(i) for i in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise InvalidAction(f"No version given for claim {shown}.", field="versions")
    return seen


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Return the tags to add, trimmed and each once, or raise InvalidAction naming `tags`."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned: dict[str, None] = {}
    for tag in tags or []:
        if not isinstance(tag, str):
            raise InvalidAction("Tags are words.", field="tags")
        tag = tag.strip()
        if len(tag) > TAG_LENGTH:
            raise InvalidAction(f"A tag has at most {TAG_LENGTH} characters.", field="tags")
        if tag:
            cleaned[tag] = None
    if not cleaned:
        raise InvalidAction("Give at least one tag to add.", field="tags")
    if len(cleaned) > MAX_TAGS:
        raise InvalidAction(f"At most {MAX_TAGS} tags at a time.", field="tags")
    return list(cleaned)
