"""Propose candidate claims: the clauses of a text that carry a figure or an attribution.

Pure functions of the text (and its passages): no database, no model, no download. A
candidate is the clause that carries the claim, not the paragraph: a sentence is cut at
semicolons, colons, spaced dashes, ", and"/", but" and before ", which"; several figures of
one act stay one candidate (each in `figures`), while "and" before an act of its own starts
another. Questions and conditionals ("If ... would") assert nothing and give none. The bounds
of hedged figures come from the one table in `extraction.quantities`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Protocol

from extraction.attributions import (
    CREDIT,
    FIRST_PERSON,
    PRONOUNS,
    SPEECH,
    Attribution,
    cues_for,
    find_attributions,
)
from extraction.quantities import Quantity, find_periods, find_quantities
from extraction.sentences import DATELINE, sentences
from extraction.words import fold, word_set, words_of
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

# Clause breaks. Each alternative starts at its punctuation mark, so the scan skips ahead to
# the next mark instead of trying every position.
_CUT = re.compile(
    r"[;:,—–-](?:(?<=;)\s+|(?<=:)\s+(?!\d)|(?<=\s[—–-])\s+"
    r"|(?<=,)\s+(?=(?:and|but|while|whereas|although|though|so|yet)\s"
    r"|(?:which|who|whose)\s|(?:with|through|by)\s+(?:whose|whom|which)\s))"
)
# Between two figures, "and", an appended change (", up 30% on last year") or an appended
# comparison (", 400,000 more than at the last election") starts a new claim.
_AND = re.compile(
    r"\s+and\s+|,\s+(?=(?:up|down)\s+(?!from\b))"
    r"|,\s+(?=[\w,.]+(?:\s+\w+)?\s+(?:more|fewer|less|higher|lower)\s+than\b)"
)
# "said that 60 men were detained and that only four were charged": each "that" is a claim of
# the same speaker.
_AND_THAT = re.compile(r"\s+and\s+(?=that\s)")
# A clause that goes on from the one before without a subject of its own: "that ...", a
# participle ("carrying food for ..."), or a verb after "and" ("seized three skiffs").
_GOES_ON = re.compile(
    r"(?:that\s+)|(?=(?:[a-z]+ing|[a-z]+ed|took|sent|seized|made|gave|held|kept|lost|won|built"
    r"|brought|left|paid|sold|compared)\s)"
)
# ", 19 of them by armed groups": a share of the figure before is a claim of its own.
_SHARE = re.compile(r",\s+(?=[\w,.]+(?:\s+\w+)?\s+of\s+(?:them|whom|those|these)\b)")
# ", most of them traders, according to witnesses": a share in words after a figure, too.
_SHARE_IN_WORDS = re.compile(
    r",\s+(?=(?:most|many|some|all|none|few|several|half|the\s+majority|the\s+rest)"
    r"\s+of\s+(?:them|whom)\b)"
)
# "The police will deploy 9,000 officers and the army 1,500 soldiers", "two excavators and
# fuel worth about $800,000": a few words with no verb of their own between "and" and the next
# figure (a second subject or object) share the act; "and the liberation of dozens of
# settlements", a second act named by a noun, does not.
_VERB_LIKE = re.compile(
    r"\b(?:[a-z]{3,}ed|used|is|are|was|were|has|have|had|will|would|can|could|did|does|do|sent|took"
    r"|gave|lost|won|made|kept|held|sold|paid|built|brought|spent|saw|met|ran|got|left|fled"
    r"|burnt|stole|drove|flew|shot|hit|cut|set|put|bought|caught|threw|wrote|led|fed|fought"
    r"|struck|seized|says|said|holds|keeps|gets|takes|makes|sends|needs|counts|reaches|runs"
    r"|now|also|then|still|only|\w+ly)\b"
)
# ", taking with them eight aircraft": a participle clause, cut when both sides hold figures.
_PARTICIPLE = re.compile(r",\s+(?=[a-z]+ing\s)")
# A short opener dropped from the front of a clause starts with one of these words.
_OPENERS = word_set(
    """thus so however meanwhile therefore moreover furthermore also indeed then now as in on
    at by for after before since during last this earlier later today yesterday still yet
    besides overall finally first second third again instead otherwise nevertheless
    nonetheless similarly likewise clearly obviously unfortunately fortunately well yes no"""
)
_LEADING_WORDS = re.compile(
    r"^(?:[—–\-\s\"“]+|(?:and|but|while|whereas|although|though|so|yet)\s+)+", re.IGNORECASE
)
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|should|must)\b", re.I
)
_CONDITIONAL = re.compile(r"^(?:If|Unless|Had|Were)\b")
_PERIOD_PREPOSITION = re.compile(r"^(?:in|during|of)\s+", re.IGNORECASE)
# A place: capitalised words, joined by "of" only after a word that heads a place name
# ("the Republic of the Congo", "the north of the CAR"; not "the Sahel of the Directorate").
_PLACE = re.compile(
    r"\b(?:in|near|across|at|from|inside|outside)\s+(?P<place>(?:the\s+)?"
    r"(?:(?:north|south|east|west|centre|center)\s+of\s+(?:the\s+)?)?"
    r"[A-Z][\w'’-]*(?:(?:(?:(?<=Republic)|(?<=Kingdom)|(?<=Gulf)|(?<=Lake)|(?<=Horn)|(?<=Bay)"
    r"|(?<=Province)|(?<=Region))\s+of\s+(?:the\s+)?|\s+)[A-Z][\w'’-]*)*)"
)
_CAPITAL = re.compile(r"[A-Z]")
_NOT_PLACES = re.compile(
    r"^(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


# "its statement added": the words of the last speaker named.
_OWN_WORDS = re.compile(
    r"(?:its|their|his|her)\s+(?:statement|report|communiqu[eé]|spokes(?:man|woman|person)"
    r"|website|note|letter|lawyer|office)$"
)


# A person, not a body: a role held by one ("the minister of the interior", "a spokesman")
# or a name ("Colonel Bakary Traoré", "Ms Abakar").
_PERSON = re.compile(
    r"\b(?i:minister|spokes(?:man|woman|person)|president|governor|mayor|envoy|ambassador"
    r"|commander|general|colonel|director|chief|chairman|chairwoman|judge|prosecutor|officer"
    r"|official|deputy|secretary|adviser|advisor|head|leader|witness|resident|analyst)\b"
    r"|^(?:Mr|Ms|Mrs|Dr|Gen|Col)\.?\s|^(?!The\b|A\b|An\b)[A-Z][\w'’.-]+\s+[A-Z][\w'’-]+$"
)
# The head noun of a subject: its last word before a preposition or a comma ("the panel of
# experts": panel); a plural one ("investigators", "the Rapid Support Forces") is "they".
_HEAD_END = re.compile(r"\s+(?:of|from|in|at|for|by|with|on)\b|,")
_PLURAL = re.compile(r"\w+[^su\W]s$")


class PassageLike(Protocol):
    start: int
    end: int
    role: str
    speaker: str


@dataclass(slots=True)
class _Clause:
    start: int  # offsets into the sentence
    end: int
    quantities: list[Quantity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    inherited: Attribution | None = None
    reported: Attribution | None = None  # "... and that only four were charged": said before


@dataclass(slots=True)
class _Context:
    last_actor: str = ""  # who "they" or "its statement" most recently refers to
    last_person: str = ""  # who "he" or "she" refers to
    last_body: str = ""  # what "it" refers to: the last organisation, not a person


def find_candidates(text: str, passages: Iterable[PassageLike] | None = None) -> list[dict]:
    """Return the candidate claims of a text, in text order; speakers come from the passages."""
    if passages is None:
        blocks = [(p.start, p.end, "narration", "") for p in paragraphs(text)]
    else:
        blocks = [(p.start, p.end, p.role, p.speaker) for p in passages]
    lower = fold(text)  # folded once: every pattern below reads slices of it
    context = _Context()
    candidates: list[dict] = []
    for start, end, role, speaker in blocks:
        if role in SKIPPED_ROLES:
            continue
        dateline = DATELINE.match(text, start, end)
        if dateline:
            start = dateline.end()
        for s_start, s_end in sentences(text, start, end):
            found = _sentence_candidates(text, lower, s_start, s_end, speaker, context)
            candidates.extend(found)
    return candidates


_DIGIT = re.compile(r"\d")
# Words one of which a sentence must hold to carry a figure or a trend, besides a digit.
_FIGURE_WORDS = word_set(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions billion dozen dozens half third quarter
    tenth fifth several many number few numerous countless scores handful couple decades
    increased decreased grew grown rose risen fell fallen declined dropped doubled tripled
    halved surged soared plunged slumped changed more fewer less down up continue continues
    continued continuing double triple halve grow rise increase fall decline"""
)


def _sentence_candidates(
    text: str, lower: str, start: int, end: int, speaker: str, context: _Context
) -> list[dict]:
    sentence = text[start:end]
    if sentence.rstrip("\"”’') ").endswith("?") or _CONDITIONAL.match(sentence):
        return []
    low = lower[start:end]
    words = words_of(low)
    has_figures = _DIGIT.search(low) is not None or not _FIGURE_WORDS.isdisjoint(words)
    periods = find_periods(sentence, low, words) if has_figures or "recent" in words else []
    quantities = find_quantities(sentence, periods, low, words) if has_figures else []
    cues = cues_for(words)
    if not quantities and not cues:
        return []
    clauses = _clauses(sentence, quantities)
    credit_lead: Attribution | None = None
    speech_lead: Attribution | None = None
    after_semicolon = False
    found = []
    for clause in clauses:
        clause.quantities = [q for q in quantities if clause.start <= q.start < clause.end]
        clause.attributions = _attributions(sentence, clause, cues) if cues else []
        after_semicolon = after_semicolon or ";" in sentence[: clause.start]
        said = _said(clause)
        if said:
            speech_lead = said
        elif speech_lead:
            # "... and that only four were charged", ", carrying food for 90,000 people": the
            # same speaker goes on, with no subject of its own.
            go_on = _GOES_ON.match(sentence, clause.start, clause.end)
            if go_on:
                content = sentence[go_on.end() : clause.end]
                clause.reported = speech_lead._replace(content=content)
        credit = next((a for a in clause.attributions if a.kind == CREDIT), None)
        if credit and not after_semicolon:
            credit_lead = credit
        elif after_semicolon and not clause.attributions and credit_lead:
            # Items of a list headed by "thanks to X" are credited to X too.
            clause.inherited = credit_lead
        if _carries(clause) and _trim_lead(sentence, clause, periods):
            # The opener is gone: read the attributions again so their content omits it.
            clause.attributions = _attributions(sentence, clause, cues) if cues else []
            said = _said(clause)
        if _carries(clause):
            speech = said or clause.reported
            found.append(
                _candidate(text, start, sentence, clause, speech, periods, speaker, context)
            )
    return found


def _said(clause: _Clause) -> Attribution | None:
    """Return the clause's speech, one that names its speaker first ("Asked about reports
    that ..., Ms Holt said": Ms Holt, not the reports)."""
    speech = [a for a in clause.attributions if a.kind == SPEECH]
    return next((a for a in speech if a.who), speech[0] if speech else None)


def _carries(clause: _Clause) -> bool:
    """Whether a clause holds a figure, an attribution, or one it takes from before."""
    return bool(clause.quantities or clause.attributions or clause.inherited or clause.reported)


def _attributions(sentence: str, clause: _Clause, cues: tuple) -> list[Attribution]:
    body = sentence[clause.start : clause.end]
    found = find_attributions(body, sentence[: clause.start], cues=cues)
    return [_shift(a, clause.start) for a in found] if clause.start else found


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
    """Cut a sentence at clause breaks, and between two acts that each carry a figure.

    Several figures of one act stay together ("shipped three trucks and five drones"): "and"
    cuts only when words other than the next figure follow it ("destroyed 14 schools and
    damaged hundreds of homes").
    """
    cuts = [m.span() for m in _CUT.finditer(sentence)]
    if " and that " in sentence:
        cuts += [m.span() for m in _AND_THAT.finditer(sentence)]
    figures = [q for q in quantities if q.kind != "trend"]
    if figures:
        cuts += [m.span() for m in _SHARE_IN_WORDS.finditer(sentence, figures[0].end)]
    for first, second in pairwise(figures):
        if any(first.end <= s < second.start for s, _ in cuts):
            continue
        between = [
            m.span()
            for m in _AND.finditer(sentence, first.end, _lookahead_end(sentence, second))
            if m.start() < second.start
            and not any(q.start <= m.start() < q.end for q in quantities)
            and not (m.end() == second.start and "and" in sentence[m.start() : m.end()])
            and not ("and" in m.group() and _gapped(sentence[m.end() : second.start]))
        ]
        share = _SHARE.search(sentence, first.end)
        participle = _PARTICIPLE.search(sentence, first.end, second.start)
        if share and share.end() == second.start:
            between.append(share.span())
        elif participle:
            between.append(participle.span())
        if between:
            cuts.append(between[-1])
    clauses = []
    position = 0
    for cut_start, cut_end in sorted(cuts):
        clauses.append(_strip(sentence, position, cut_start))
        position = cut_end
    clauses.append(_strip(sentence, position, len(sentence)))
    return [c for c in clauses if c.start < c.end]


def _lookahead_end(sentence: str, second: Quantity) -> int:
    """Where a search for a break before `second` may stop: a few words past its start, so an
    appended comparison (", 400,000 more than") is seen whole."""
    end = second.start
    for _ in range(4):
        end = sentence.find(" ", end + 1)
        if end < 0:
            return len(sentence)
    return end


def _gapped(words: str) -> bool:
    """Whether the words between "and" and the next figure are a subject without a verb."""
    split = words.split()
    return 0 < len(split) <= 3 and "of" not in split and _VERB_LIKE.search(words) is None


def _strip(sentence: str, start: int, end: int) -> _Clause:
    piece = sentence[start:end]
    lead = _LEADING_WORDS.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
    while end > start and sentence[end - 1] in " \t\n.,;:!":
        end -= 1
    return _Clause(start, end)


def _trim_lead(sentence: str, clause: _Clause, periods: list[tuple[int, int]]) -> bool:
    """Drop leading comma-separated openers that carry nothing ("Thus,", "As you can see,").

    An opener starts with an adverb or a preposition, or is a clause of its own; a noun phrase
    before an apposition ("The coalition, an alliance of five militias, announced") is the
    subject and stays.
    """
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
        first_word = part.split(" ", 1)[0].lower().strip('"“')
        opener = first_word in _OPENERS or first_word.endswith("ly")
        short = len(part.split()) <= 4
        if carries or not ((short and opener) or _AUXILIARY.search(part)):
            return trimmed
        clause.start = comma + 2
        trimmed = True


def _candidate(
    text: str,
    offset: int,
    sentence: str,
    clause: _Clause,
    said: Attribution | None,
    periods: list[tuple[int, int]],
    speaker: str,
    context: _Context,
) -> dict[str, Any]:
    start, end = offset + clause.start, offset + clause.end
    body = sentence[clause.start : clause.end]
    credit = next((a for a in clause.attributions if a.kind == CREDIT), clause.inherited)
    kinds = [QUANTITATIVE] if clause.quantities else []
    if said or credit:
        kinds.append(ATTRIBUTIVE)
    # Built once with its final values: the candidate is the extractor's most repeated record.
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
        "attributed_to": _speaker_of(said.who, speaker, context) if said else "",
        # Support and cause name an actor, not a speaker: kept apart from `attributed_to`.
        "attribution_verb": said.verb if said else credit.verb if credit else "",
        "attributed_content": said.content if said else "",
        "figures": [],
        "credited_to": credit.who if credit else "",
        "credit_verb": credit.verb if credit else "",
    }
    if clause.quantities:
        _add_quantity_fields(candidate, sentence, clause, periods)
    # A place is capitalised after its preposition: most clauses have no capital past there.
    place = _PLACE.search(body) if _CAPITAL.search(body, 3) else None
    if place and not _NOT_PLACES.match(place.group("place")):
        candidate["place"] = " ".join(place.group("place").split()[:6])
    for name, limit in FIELD_LIMITS.items():
        if len(candidate[name]) > limit:
            candidate[name] = candidate[name][:limit]
    return candidate


def _speaker_of(who: str, speaker: str, context: _Context) -> str:
    """Return who speaks: a pronoun is the last speaker named, "we" the passage's speaker.

    "He" and "she" are the last person named, "it" the last body (a ministry, an army): "The
    minister insisted ... It added that ..." is the government's statement, not the minister's.
    """
    lower = who.lower()
    if lower in FIRST_PERSON:
        return speaker
    if lower in ("he", "she", "him", "her"):
        return context.last_person or context.last_actor
    if lower == "it":
        return context.last_body or context.last_actor
    if lower in PRONOUNS or _OWN_WORDS.match(lower):
        return context.last_actor
    if who:
        context.last_actor = who
        if _PERSON.search(who):
            context.last_person = who
        elif not _PLURAL.search(_HEAD_END.split(who, 1)[0]):
            context.last_body = who
    return who


def _add_quantity_fields(
    candidate: dict[str, Any], sentence: str, clause: _Clause, periods: list[tuple[int, int]]
) -> None:
    """Fill in a candidate's main figure, its figures and its period."""
    quantities = clause.quantities
    primary = _primary(quantities)
    candidate["quantity_text"] = primary.text
    candidate["qualifier"] = primary.qualifier
    candidate["value_low"] = primary.low
    candidate["value_high"] = primary.high
    candidate["unit"] = primary.unit
    figures = [_figure(q) for q in quantities if q.kind != "trend"]
    candidate["figures"] = figures or [_figure(primary)]
    period = next(((s, e) for s, e in periods if clause.start <= s < clause.end), None)
    if period:
        candidate["period"] = _PERIOD_PREPOSITION.sub("", sentence[period[0] : period[1]])
    else:
        duration = next((q for q in quantities if q.kind == "duration" and q is not primary), None)
        if duration:
            candidate["period"] = duration.text


def _figure(quantity: Quantity) -> dict[str, Any]:
    """Return one figure of a candidate: its words, hedge, bounds and unit."""
    return {
        "quantity_text": quantity.text[:200],
        "qualifier": quantity.qualifier[:50],
        "value_low": quantity.low,
        "value_high": quantity.high,
        "unit": quantity.unit[:100],
    }


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
