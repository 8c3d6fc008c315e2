"""Content changes to claims and their evidence, each writing one event."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from claims.access import is_analyst
from claims.models import Claim, ClaimEvent, Evidence
from claims.workflow.base import (
    EDITABLE_FIELDS,
    InvalidAction,
    PassageFinder,
    Status,
    User,
    anchored_claim,
    check_fields,
    check_not_frozen,
    check_version,
    clean_kinds,
    diff,
    lock_claim,
    require_analyst,
    save_change,
    snapshot,
    to_decimal,
    validate,
    write_event,
)
from claims.workflow.rows import insert_rows
from claims.workflow.spans import SpanTaken, span_holder
from extraction.figures import read_figure
from extraction.quantities import MAX_FIGURE
from sources.models import Source


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
    require_analyst(actor)
    check_fields(fields)
    with transaction.atomic():
        claim = anchored_claim(source, start, end)
        claim.kinds = clean_kinds(kinds)
        claim.statement = statement.strip()
        claim.speaker = (
            speaker if speaker is not None else (claim.passage.speaker if claim.passage else "")
        )
        for name, value in fields.items():
            setattr(claim, name, value)
        _read_bounds(claim)
        claim.status, claim.origin = Status.OPEN, Claim.Origin.ANALYST
        claim.created_by = actor
        validate(claim)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            holder = span_holder(source.pk, claim.start, claim.end)
            if holder is None:
                raise InvalidAction(
                    "A claim already marks exactly this span.", field="start"
                ) from None
            raise SpanTaken(holder) from None
        changes = {k: [None, v] for k, v in snapshot(claim).items() if v not in ("", [], None)}
        write_event(claim, actor, "record", "", changes, "")
    return claim


_UNCHANGED = object()


def update_claim(claim_id: int | Claim, *, actor: User, version: int, **fields: Any) -> Claim:
    """Change a claim's content, verdict draft or assignee; a change to nothing writes nothing.

    All the fields given change together, in one event: `assign` when only the assignee
    changed, else `edit`.
    """
    require_analyst(actor)
    assignee = fields.pop("assignee", _UNCHANGED)
    check_fields(fields)
    if assignee not in (_UNCHANGED, None) and not is_analyst(assignee):
        raise InvalidAction("Claims can only be assigned to analysts.", field="assignee")
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_version(claim, version)
        check_not_frozen(claim)
        old = snapshot(claim)
        if "kinds" in fields:
            fields["kinds"] = clean_kinds(fields["kinds"])
        for name, value in fields.items():
            setattr(claim, name, value.strip() if isinstance(value, str) else value)
        if assignee is not _UNCHANGED:
            claim.assignee = assignee
        if fields.keys() & {"quantity_text", "value_low", "value_high"}:
            _read_bounds(claim)
        validate(claim)
        changes = diff(old, snapshot(claim))
        if changes:
            action = "assign" if set(changes) == {"assignee_id"} else "edit"
            save_change(claim, actor, action, claim.status, changes, "")
    return claim


def _read_bounds(claim: Claim) -> None:
    """Read the claim's bounds from its quantity as written, unless the analyst gave any."""
    if claim.value_low is None and claim.value_high is None and claim.quantity_text:
        figure = read_figure(claim.quantity_text)
        claim.value_low, claim.value_high = candidate_bounds(figure.low, figure.high)


def assign_claim(claim_id: int | Claim, *, actor: User, version: int, assignee) -> Claim:
    """Give the claim to an analyst (or to nobody with assignee=None)."""
    return update_claim(claim_id, actor=actor, version=version, assignee=assignee)


def add_evidence(
    claim_id: int | Claim,
    *,
    actor: User,
    source: Source,
    stance: str,
    excerpt: str = "",
    locator: str = "",
    source_figure: str = "",
    figure_low: Decimal | None = None,
    figure_high: Decimal | None = None,
    credibility: int = Evidence.Credibility.CANNOT_JUDGE,
    note: str = "",
    comment: str = "",
) -> Evidence:
    """Link a source to the claim as evidence with a stance.

    The source's figure is read into bounds unless the analyst gave them; `comment` goes
    into the event (where the link was copied from, say).
    """
    require_analyst(actor)
    with transaction.atomic():
        claim = lock_claim(claim_id)
        check_not_frozen(claim)
        if source.pk == claim.source_id:
            raise InvalidAction("A claim's own source cannot be its evidence.", field="source")
        evidence = Evidence(
            claim=claim,
            source=source,
            stance=stance,
            excerpt=excerpt.strip(),
            locator=locator.strip(),
            source_figure=source_figure.strip(),
            credibility=credibility,
            **_figure_bounds(source_figure, figure_low, figure_high),
            note=note.strip(),
            created_by=actor,
        )
        validate(evidence, exclude=["claim", "source", "created_by"])
        evidence.save()
        summary = {"id": evidence.pk, "source": source.pk, "stance": stance}
        changes = {"evidence": [None, summary]}
        save_change(claim, actor, "add_evidence", claim.status, changes, comment)
    return evidence


def _figure_bounds(text: str, low: Decimal | None, high: Decimal | None) -> dict:
    figure = read_figure(text)
    if low is None and high is None:
        low, high = figure.low, figure.high
    if low is not None and high is not None and low > high:
        raise InvalidAction(
            "The figure's lower bound is above its upper bound.", field="figure_low"
        )
    return {"figure_low": low, "figure_high": high, "figure_unit": figure.unit[:100]}


def remove_evidence(evidence_id: int, *, actor: User) -> None:
    """Unlink a piece of evidence from its claim."""
    require_analyst(actor)
    with transaction.atomic():
        link = Evidence.objects.filter(pk=evidence_id)
        claim_id = link.values_list("claim_id", flat=True).first()
        claim = lock_claim(claim_id) if claim_id is not None else None
        # Read the link again under the claim's lock: a concurrent removal may have won.
        evidence = link.first() if claim is not None else None
        if evidence is None:
            raise InvalidAction("No such evidence.", field="evidence")
        check_not_frozen(claim)
        summary = {"id": evidence.pk, "source": evidence.source_id, "stance": evidence.stance}
        evidence.delete()
        save_change(
            claim, actor, "remove_evidence", claim.status, {"evidence": [summary, None]}, ""
        )


def candidate_bounds(low: Any, high: Any) -> tuple[Decimal | None, Decimal | None]:
    """Return an extractor's bounds as the database can hold them: finite, in order."""
    bounds = []
    for value in (low, high):
        number = to_decimal(value)
        fits = number is not None and number.is_finite() and abs(number) < MAX_FIGURE
        bounds.append(number if fits else None)
    low, high = bounds
    if low is not None and high is not None and low > high:
        low, high = high, low  # "won 5-0", "between 40 and 20": the same range, reversed
    return low, high


def propose_candidates(source: Source, candidates: list[dict], *, actor: User = None) -> int:
    """Store extracted candidates for a source, skipping spans it already has; return how many."""
    if actor is not None:
        require_analyst(actor)
    starts = _offsets(c["start"] for c in candidates)
    with transaction.atomic():
        # One proposer at a time per source, so two runs never race on the same spans.
        source = _locked_source(source)
        # A fixed number of queries per batch: the spans already held and the passages
        # holding the batch's offsets are read once, then looked up in memory.
        taken = set()
        if starts:
            held = source.claims.filter(start__gte=min(starts), start__lte=max(starts))
            taken = set(held.values_list("start", "end"))
        passages = PassageFinder(source, starts)
        new = []
        for candidate in candidates:
            fields = {k: v for k, v in candidate.items() if k in EDITABLE_FIELDS}
            span = (candidate["start"], candidate["end"])
            if span in taken:
                continue
            taken.add(span)
            claim = anchored_claim(source, *span, passages=passages)
            if candidate.get("quote") not in (None, claim.quote):
                raise ValueError(f"candidate quote does not match the text at {span}")
            for name, value in fields.items():
                setattr(claim, name, value)
            claim.value_low, claim.value_high = candidate_bounds(
                fields.get("value_low"), fields.get("value_high")
            )
            if not fields.get("speaker") and claim.passage:
                claim.speaker = claim.passage.speaker
            claim.kinds = clean_kinds(claim.kinds)
            claim.status, claim.origin = Status.CANDIDATE, Claim.Origin.EXTRACTOR
            new.append(claim)
        insert_rows(new)
        insert_rows(
            [
                ClaimEvent(claim=c, actor=actor, action="propose", to_status=Status.CANDIDATE)
                for c in new
            ]
        )
    return len(new)


def _offsets(values: Iterable[Any]) -> list[int]:
    """Return the values that are offsets as ints; anchored_claim refuses the others."""
    found = []
    for value in values:
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


def _locked_source(source: Source) -> Source:
    """Lock the source's row; read its text again only if the caller's copy may be stale."""
    locked = Source.objects.select_for_update().only("pk", "sha256").get(pk=source.pk)
    # A source's text is fixed once claims point into it (a database guard), and its sha256
    # changes with it: a matching digest means the text in hand is the stored one.
    if "text" in source.get_deferred_fields() or locked.sha256 != source.sha256:
        return Source.objects.get(pk=source.pk)
    return source
