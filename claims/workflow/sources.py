"""Changes to a source's record and to an outlet's grade, each with its history row.

A source's details (title, outlet, URL, publication date, kind) are edited with an `edit`
event; a source holding nothing but candidates can be removed, its candidates with it; one
holding claims someone took on, or cited as evidence, is archived instead: hidden from the
lists, its claims untouched. Pages, the API and the admin all call these functions.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from claims.models import Claim, ClaimLink, Evidence
from claims.workflow.base import InvalidAction, NotAllowed, User
from sources.models import Outlet, OutletGrade, Source, SourceEvent

SOURCE_FIELDS = (
    "title",
    "outlet",
    "url",
    "archive_url",
    "authors",
    "published_at",
    "accessed_at",
    "language",
    "kind",
)
REASON_LENGTH = OutletGrade._meta.get_field("reason").max_length


def may_change_sources(user: User) -> bool:
    """Return whether the user may edit, archive and remove sources."""
    return bool(
        user is not None and user.is_authenticated and user.has_perm("sources.change_source")
    )


def may_grade_outlets(user: User) -> bool:
    """Return whether the user may set an outlet's reliability grade."""
    return bool(
        user is not None and user.is_authenticated and user.has_perm("sources.grade_outlet")
    )


def _require_source_editor(user: User) -> None:
    if not may_change_sources(user):
        raise NotAllowed("Only analysts may change sources.")


def _lock_source(source_id: int | Source) -> Source:
    pk = source_id.pk if isinstance(source_id, Source) else source_id
    try:
        return Source.objects.select_for_update().defer("text").get(pk=pk)
    except (Source.DoesNotExist, ValueError, TypeError):
        raise InvalidAction("No such source.", field="source") from None


def _shown(source: Source, name: str) -> Any:
    if name == "outlet":
        return source.outlet.name if source.outlet_id else None
    value = getattr(source, name)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _log(source: Source | None, title: str, actor: User, action: str, **extra: Any) -> SourceEvent:
    return SourceEvent.objects.create(
        source=source,
        source_title=title,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        **extra,
    )


def edit_source(source_id: int | Source, *, actor: User, **fields: Any) -> Source:
    """Change a source's details; an `edit` event records old and new values (none if unchanged)."""
    _require_source_editor(actor)
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise InvalidAction(f"Cannot set {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    with transaction.atomic():
        source = _lock_source(source_id)
        before = {name: _shown(source, name) for name in fields}
        for name, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if name in {"url", "archive_url", "authors", "language"}:
                value = value or ""
            setattr(source, name, value)
        if not source.title:
            raise InvalidAction("Give the source a title.", field="title")
        try:
            source.clean_fields(
                exclude=[f.name for f in Source._meta.fields if f.name not in fields]
            )
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise InvalidAction(" ".join(messages), field=name) from None
        after = {name: _shown(source, name) for name in fields}
        changes = {k: [before[k], after[k]] for k in fields if before[k] != after[k]}
        if changes:
            source.save(update_fields=sorted(changes))
            _log(source, source.title, actor, "edit", changes=changes)
    return source


def remove_source(source_id: int | Source, *, actor: User, comment: str = "") -> int:
    """Delete a source holding nothing but candidates, with them; return how many went.

    A source with claims someone took on (or dismissed), or cited as evidence, is refused:
    archive it instead. The removal is kept as a `remove` event naming the source.
    """
    _require_source_editor(actor)
    with transaction.atomic():
        source = _lock_source(source_id)
        # Locks the claims too, so none is accepted while its source goes.
        statuses = list(source.claims.select_for_update().values_list("status", flat=True))
        kept = sum(status != Claim.Status.CANDIDATE for status in statuses)
        if kept:
            raise InvalidAction(
                f"This source holds {kept} claim{'s' if kept != 1 else ''} beyond candidates: "
                "archive it instead.",
                field="source",
            )
        cited = Evidence.objects.filter(source=source).count()
        if cited:
            raise InvalidAction(
                f"This source is cited as evidence {cited} time{'s' if cited != 1 else ''}: "
                "archive it instead.",
                field="source",
            )
        # A "same claim" link has its event on the other claim too, which must not be left
        # naming a claim that is gone.
        linked = ClaimLink.objects.filter(claim__source=source).order_by("claim_id").first()
        if linked is not None:
            raise InvalidAction(
                f"Candidate #{linked.claim_id} of this source is linked as the same claim as "
                f"claim #{linked.earlier_id}: unlink it first, or archive the source.",
                field="source",
            )
        with connection.cursor() as cursor:
            # The only deletion the claim events' guard lets through (claims migrations 0015,
            # 0018), in a function of the tables' owner: the runtime role deletes no event.
            cursor.execute("SELECT claimdesk_remove_candidate_events(%s)", [source.pk])
        Claim.objects.filter(source=source).delete()
        _log(
            None,
            source.title,
            actor,
            "remove",
            changes={"id": [source.pk, None], "candidates": [len(statuses), 0]},
            comment=comment,
        )
        source.delete()
    return len(statuses)


def archive_source(source_id: int | Source, *, actor: User, comment: str = "") -> Source:
    """Hide a source from the lists, leaving its claims as they are."""
    return _set_archived(source_id, actor, archived=True, comment=comment)


def unarchive_source(source_id: int | Source, *, actor: User, comment: str = "") -> Source:
    """Bring an archived source back into the lists."""
    return _set_archived(source_id, actor, archived=False, comment=comment)


def _set_archived(source_id: int | Source, actor: User, *, archived: bool, comment: str) -> Source:
    _require_source_editor(actor)
    with transaction.atomic():
        source = _lock_source(source_id)
        if (source.archived_at is not None) == archived:
            return source  # nothing to change, nothing to record
        source.archived_at = timezone.now() if archived else None
        source.save(update_fields=["archived_at"])
        _log(
            source,
            source.title,
            actor,
            "archive" if archived else "unarchive",
            changes={"archived": [not archived, archived]},
            comment=comment,
        )
    return source


def grade_outlet(outlet_id: int | Outlet, *, actor: User, grade: str, reason: str) -> OutletGrade:
    """Set an outlet's reliability grade (A-F) with a short reason, kept in its history."""
    if not may_grade_outlets(actor):
        raise NotAllowed("Only reviewers may grade outlets.")
    if grade not in Outlet.Reliability.values:
        raise InvalidAction("Choose a grade from A to F.", field="grade")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidAction("Say briefly why this grade.", field="reason")
    if len(reason) > REASON_LENGTH:
        raise InvalidAction(f"Keep the reason under {REASON_LENGTH} characters.", field="reason")
    pk = outlet_id.pk if isinstance(outlet_id, Outlet) else outlet_id
    with transaction.atomic():
        try:
            outlet = Outlet.objects.select_for_update().get(pk=pk)
        except (Outlet.DoesNotExist, ValueError, TypeError):
            raise InvalidAction("No such outlet.", field="outlet") from None
        entry = OutletGrade.objects.create(
            outlet=outlet, previous=outlet.reliability, grade=grade, reason=reason, set_by=actor
        )
        outlet.reliability, outlet.reliability_note = grade, reason
        outlet.save(update_fields=["reliability", "reliability_note"])
    return entry
