"""Propose candidate claims: the clauses of a text that carry a figure or an attribution.

Pure functions of the text (and its passages): no database, no model, no download. A
candidate is the clause that carries the claim, not the paragraph: a sentence is cut at
semicolons, colons, spaced dashes, ", and"/", but" and before ", which"; a sentence that lists
several figures joined by "and" gives one candidate per figure. Questions and conditionals
("If ... would") assert nothing and give none. The bounds of hedged figures come from the one
table in `extraction.quantities`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Protocol

from extraction.attributions import PRONOUNS, Attribution, find_attributions
from extraction.quantities import Quantity, find_periods, find_quantities
from sources.passages import paragraphs

QUANTITATIVE, ATTRIBUTIVE = "quantitative", "attributive"
SKIPPED_ROLES = {"caption", "credit", "byline"}  # headers and credits assert no claim
FIELD_LIMITS = {
    "quantity_text": 200,
    "qualifier": 50,
    "unit": 100,
    "period": 100,
    "place": 200,
    "attributed_to": 200,
    "attribution_verb": 50,
    "speaker": 200,
}  # fmt: skip  (the Claim model's column sizes)

_SENTENCE_END = re.compile(r"[.!?]+[\"”’')]*(?=\s|$)")
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "st", "no", "gen", "col", "lt", "sgt", "prof", "vs",
                  "etc", "e.g", "i.e", "u.s", "u.k", "jan", "feb", "aug", "sept", "oct", "nov",
                  "dec", "inc", "ltd", "co", "approx", "fig", "p", "pp"}  # fmt: skip
_CUT = re.compile(
    r";\s+|:\s+(?!\d)|\s+[—–]\s+|\s+-\s+"
    r"|,\s+(?=(?:and|but|while|whereas|although|though|so|yet)\s)"
    r"|,\s+(?=(?:which|who|whose)\s)"
)
# Between two figures, "and" or an appended change (", up 30% on last year") starts a new claim.
_AND = re.compile(r"\s+and\s+|,\s+(?=(?:up|down)\s+(?!from\b))")
_LEADING_WORDS = re.compile(
    r"^(?:[—–\-\s\"“]+|(?:and|but|while|whereas|although|though|so|yet)\s+)+", re.IGNORECASE
)
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|should|must)\b", re.I
)
_CONDITIONAL = re.compile(r"^(?:If|Unless|Had|Were)\b")
_PERIOD_PREPOSITION = re.compile(r"^(?:in|during|of)\s+", re.IGNORECASE)
_PLACE = re.compile(
    r"\b(?:in|near|across|at|from|inside|outside)\s+(?P<place>(?:the\s+)?"
    r"(?:(?:north|south|east|west|centre|center)\s+of\s+(?:the\s+)?)?"
    r"[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*)*)"
)
_NOT_PLACES = re.compile(
    r"^(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


class PassageLike(Protocol):
    start: int
    end: int
    role: str
    speaker: str


@dataclass
class _Clause:
    start: int  # offsets into the sentence
    end: int
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    inherited: Attribution | None = None


@dataclass
class _Context:
    last_actor: str = ""  # who "he"/"she" most recently refers to


def find_candidates(text: str, passages: Iterable[PassageLike] | None = None) -> list[dict]:
    """Return the candidate claims of a text, in text order; speakers come from the passages."""
    if passages is None:
        blocks = [(p.start, p.end, "narration", "") for p in paragraphs(text)]
    else:
        blocks = [(p.start, p.end, p.role, p.speaker) for p in passages]
    context = _Context()
    candidates: list[dict] = []
    for start, end, role, speaker in blocks:
        if role in SKIPPED_ROLES:
            continue
        for s_start, s_end in sentences(text, start, end):
            candidates.extend(_sentence_candidates(text, s_start, s_end, speaker, context))
    return candidates


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the [start, end) spans of the sentences in text[start:end], stripped."""
    end = len(text) if end is None else end
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        after = text[match.end() : match.end() + 3].lstrip()
        word = re.search(r"([\w.]+)[.!?]*$", text[begin : match.start() + 1])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if after and not (after[0].isupper() or after[0].isdigit() or after[0] in '"“‘(—–-'):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, end))
    stripped = []
    for s, e in spans:
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip(" \t\n—–-"))
        e -= len(piece) - len(piece.rstrip())
        if s < e:
            stripped.append((s, e))
    return stripped


def _sentence_candidates(
    text: str, start: int, end: int, speaker: str, context: _Context
) -> list[dict]:
    sentence = text[start:end]
    if sentence.rstrip("\"”’') ").endswith("?") or _CONDITIONAL.match(sentence):
        return []
    periods = find_periods(sentence)
    quantities = find_quantities(sentence, periods)
    clauses = _clauses(sentence, quantities)
    credit_lead: Attribution | None = None
    after_semicolon = False
    found = []
    for clause in clauses:
        body = sentence[clause.start : clause.end]
        clause.attributions = [
            _shift(a, clause.start) for a in find_attributions(body, sentence[: clause.start])
        ]
        clause.quantities = [q for q in quantities if clause.start <= q.start < clause.end]
        after_semicolon = after_semicolon or ";" in sentence[: clause.start]
        credit = next((a for a in clause.attributions if a.kind == "credit"), None)
        if credit and not after_semicolon:
            credit_lead = credit
        elif after_semicolon and not clause.attributions and credit_lead:
            # Items of a list headed by "thanks to X" are credited to X too.
            clause.inherited = credit_lead
        if _trim_lead(sentence, clause, periods):
            # The opener is gone: read the attributions again so their content omits it.
            clause.attributions = [
                _shift(a, clause.start)
                for a in find_attributions(
                    sentence[clause.start : clause.end], sentence[: clause.start]
                )
            ]
        if clause.quantities or clause.attributions or clause.inherited:
            found.append(_candidate(text, start, sentence, clause, periods, speaker, context))
    return found


def _shift(attribution: Attribution, offset: int) -> Attribution:
    return Attribution(
        attribution.start + offset,
        attribution.end + offset,
        attribution.verb,
        attribution.who,
        attribution.content,
        attribution.kind,
    )


def _clauses(sentence: str, quantities: list[Quantity]) -> list[_Clause]:
    """Cut a sentence at clause breaks, and at "and" between two figures."""
    cuts = [m.span() for m in _CUT.finditer(sentence)]
    figures = [q for q in quantities if q.kind != "trend"]
    for first, second in pairwise(figures):
        if any(first.end <= s < second.start for s, _ in cuts):
            continue
        between = [
            m.span()
            for m in _AND.finditer(sentence, first.end, second.start)
            if not any(q.start <= m.start() < q.end for q in quantities)
        ]
        if between:
            cuts.append(between[-1])
    clauses = []
    position = 0
    for cut_start, cut_end in sorted(cuts):
        clauses.append(_strip(sentence, position, cut_start))
        position = cut_end
    clauses.append(_strip(sentence, position, len(sentence)))
    return [c for c in clauses if c.start < c.end]


def _strip(sentence: str, start: int, end: int) -> _Clause:
    piece = sentence[start:end]
    lead = _LEADING_WORDS.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
    while end > start and sentence[end - 1] in " \t\n.,;:!":
        end -= 1
    return _Clause(start, end)


def _trim_lead(sentence: str, clause: _Clause, periods: list[tuple[int, int]]) -> bool:
    """Drop leading comma-separated parts that carry nothing ("Thus,", "As you can see,")."""
    trimmed = False
    while True:
        comma = sentence.find(", ", clause.start, clause.end)
        if comma < 0:
            return trimmed
        part = sentence[clause.start : comma]
        carries = (
            any(clause.start <= q.start < comma for q in clause.quantities)
            or any(clause.start <= a.start < comma for a in clause.attributions)
            or any(clause.start <= s < comma for s, _ in periods)
        )
        # A short opener or a whole clause of its own; a noun phrase ("Regular campaigns
        # to disarm militants, conducted by ...") stays as the subject.
        if carries or not (len(part.split()) <= 4 or _AUXILIARY.search(part)):
            return trimmed
        clause.start = comma + 2
        trimmed = True


def _candidate(
    text: str,
    offset: int,
    sentence: str,
    clause: _Clause,
    periods: list[tuple[int, int]],
    speaker: str,
    context: _Context,
) -> dict[str, Any]:
    start, end = offset + clause.start, offset + clause.end
    body = sentence[clause.start : clause.end]
    kinds = []
    candidate: dict[str, Any] = {
        "start": start,
        "end": end,
        "quote": text[start:end],
        "kinds": kinds,
        "speaker": speaker,
        "quantity_text": "",
        "qualifier": "",
        "value_low": None,
        "value_high": None,
        "unit": "",
        "period": "",
        "place": "",
        "attributed_to": "",
        "attribution_verb": "",
        "attributed_content": "",
    }
    if clause.quantities:
        kinds.append(QUANTITATIVE)
        candidate.update(_quantity_fields(sentence, clause, periods))
    attribution = clause.attributions[0] if clause.attributions else clause.inherited
    if attribution:
        kinds.append(ATTRIBUTIVE)
        actor = attribution.who
        if actor.lower() in PRONOUNS and context.last_actor:
            actor = context.last_actor
        elif actor and actor.lower() not in PRONOUNS:
            context.last_actor = actor
        content = body if attribution is clause.inherited else attribution.content
        candidate.update(
            attributed_to=actor,
            attribution_verb=attribution.verb,
            attributed_content=content,
        )
    place = _PLACE.search(body)
    if place and not _NOT_PLACES.match(place.group("place")):
        candidate["place"] = " ".join(place.group("place").split()[:6])
    for name, limit in FIELD_LIMITS.items():
        candidate[name] = candidate[name][:limit]
    return candidate


def _quantity_fields(sentence: str, clause: _Clause, periods: list[tuple[int, int]]) -> dict:
    quantities = clause.quantities
    primary = _primary(quantities)
    fields: dict[str, Any] = {
        "quantity_text": primary.text,
        "qualifier": primary.qualifier,
        "value_low": primary.low,
        "value_high": primary.high,
        "unit": primary.unit,
    }
    period = next(((s, e) for s, e in periods if clause.start <= s < clause.end), None)
    if period:
        fields["period"] = _PERIOD_PREPOSITION.sub("", sentence[period[0] : period[1]])
    else:
        duration = next((q for q in quantities if q.kind == "duration" and q is not primary), None)
        if duration:
            fields["period"] = duration.text
    return fields


def _primary(quantities: list[Quantity]) -> Quantity:
    """Pick the figure a clause is about: a count (the one after a trend verb), else any."""
    counts = [q for q in quantities if q.kind == "count"]
    trend = next((q for q in quantities if q.kind == "trend"), None)
    # "rose to about 80%" is about the figure after the verb; "down from 410,000" is not.
    if trend and counts and not trend.text.lower().endswith("from"):
        after = [q for q in counts if q.start >= trend.end]
        if after:
            return after[0]
    if counts:
        return counts[0]
    durations = [q for q in quantities if q.kind == "duration"]
    return durations[0] if durations else quantities[0]
