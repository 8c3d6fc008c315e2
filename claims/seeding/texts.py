"""Synthetic source texts with their passages and the claims anchored in them.

Claim sentences are written from templates once, into a pool per country, and read by the
project's own extractor, so every seeded claim carries exactly the fields (figure, bounds,
unit, period, place, attribution) the extractor would have proposed for that sentence.
A source is then assembled from pooled sentences, and each claim's offsets are those of its
sentence in the assembled text.
"""

import random
from dataclasses import dataclass, field

from claims.seeding import vocabulary as v
from claims.workflow.edits import candidate_bounds
from extraction import find_candidates
from sources.passages import PassageSpan

# The fields a seeded claim copies from its prototype's candidate (already cut to the columns'
# sizes by the extractor).
COPIED = (
    "quantity_text",
    "qualifier",
    "unit",
    "period",
    "place",
    "attributed_to",
    "attribution_verb",
)


@dataclass(frozen=True)
class Prototype:
    """A claim sentence and what the extractor finds in it (offsets within the sentence)."""

    sentence: str
    start: int
    end: int
    fields: dict
    tags: list[str]
    core: str  # the claim as a clause, for an analyst's neutral statement


@dataclass
class Anchor:
    """A claim's place in its source: offsets, passage index, and what it says."""

    start: int
    end: int
    passage: int
    speaker: str
    prototype: Prototype


@dataclass
class SourceText:
    text: str
    passages: list[PassageSpan] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _claim_sentence(rng: random.Random, country: str) -> tuple[str, list[str], str]:
    """Return a claim sentence about country, its tags, and its core clause."""
    tag, places, regions = v.COUNTRIES[country]
    unit = rng.choice(list(v.UNITS))
    topic, predicates = v.UNITS[unit]
    fig, pred, period = rng.choice(v.FIGURES), rng.choice(predicates), rng.choice(v.PERIODS)
    place, region = rng.choice(places), rng.choice(regions)
    what = f"{fig} {unit} {pred}"
    tags = [tag, topic]
    shape = rng.randrange(11)
    if shape == 0:
        core = f"{what} in {place} {period}"
        sentence = f"{_cap(core)}."
    elif shape == 1:
        core = f"{what} in the {region} region {period}"
        sentence = f"{_cap(period)}, {what} in the {region} region."
    elif shape == 2:
        core = f"{what} near {place} {period}"
        sentence = f"According to our data, {core}."
    elif shape == 3:
        core = f"{what} in {place} {period}"
        sentence = f"In {place} alone, {what} {period}."
    elif shape in (4, 5):
        helper, helper_tag = rng.choice(v.HELPERS)
        lead = "Thanks to" if shape == 4 else "With the support of"
        core = f"{what} in {place} {period}, {lead.lower()} {helper}"
        sentence = f"{lead} {helper}, {what} in {place} {period}."
        tags.append(helper_tag)
    elif shape in (6, 7):
        actor, actor_tag = rng.choice(v.ACTORS)
        verb = rng.choice(["stated", "announced", "reported", "said", "confirmed", "denied"])
        core = f"{actor} {verb} that {what} in {place} {period}"
        sentence = f"{_cap(core)}."
        tags.append(actor_tag)
    else:
        actor, actor_tag = rng.choice(v.ACTORS)
        content = rng.choice(v.CONTENTS)
        verb = rng.choice(v.VERBS)
        tags = [tag, actor_tag, "attribution"]
        if shape == 8:
            core = f"{actor} {verb} that {content}"
            sentence = f"{_cap(core)}."
        elif shape == 9:
            core = f"{actor} said that {content}"
            sentence = f"According to {actor}, {content}."
        else:
            verb = rng.choice(["stated", "claimed", "said", "insisted", "denied"])
            core = f"{actor} {verb} that {content}"
            sentence = f"{_cap(actor)} has repeatedly {verb} that {content}."
    return sentence, sorted(set(tags)), core


def _prototype(sentence: str, tags: list[str], core: str) -> Prototype | None:
    found = find_candidates(sentence)
    if not found:
        return None
    first = found[0]
    fields = {name: first.get(name) or "" for name in COPIED}
    fields["attributed_content"] = first.get("attributed_content") or ""
    fields["value_low"], fields["value_high"] = candidate_bounds(
        first.get("value_low"), first.get("value_high")
    )
    fields["kinds"] = sorted(set(first["kinds"]))
    return Prototype(sentence, first["start"], first["end"], fields, tags, core)


def _fill(rng: random.Random, template: str, country: str) -> str:
    _, places, regions = v.COUNTRIES[country]
    return template.format(
        place=rng.choice(places),
        region=rng.choice(regions),
        country=country,
        year=rng.choice(["2024", "2025", "the coming year"]),
    )


@dataclass
class Pools:
    """Claim sentences, filler sentences and questions, per country."""

    claims: dict[str, list[Prototype]]
    fillers: dict[str, list[str]]
    questions: dict[str, list[str]]
    mean_sentence: float = 80.0  # characters, with the space after it

    @classmethod
    def build(cls, rng: random.Random, claims_per_country: int) -> "Pools":
        claims, fillers, questions = {}, {}, {}
        for country in v.COUNTRIES:
            found: dict[str, Prototype] = {}
            for _ in range(claims_per_country * 2):
                if len(found) >= claims_per_country:
                    break
                sentence, tags, core = _claim_sentence(rng, country)
                if sentence not in found and (proto := _prototype(sentence, tags, core)):
                    found[sentence] = proto
            claims[country] = list(found.values())
            fillers[country] = [_fill(rng, rng.choice(v.FILLERS), country) for _ in range(400)]
            questions[country] = [_fill(rng, rng.choice(v.QUESTIONS), country) for _ in range(200)]
        lengths = [len(p.sentence) for pool in claims.values() for p in pool]
        lengths += [len(f) for pool in fillers.values() for f in pool]
        return cls(claims, fillers, questions, sum(lengths) / len(lengths) + 1)


def build_text(
    rng: random.Random,
    pools: Pools,
    *,
    kind: str,
    country: str,
    length: int,
    claims: int,
    voice: str,
    outlet: str,
    intro: str,
    byline: str,
) -> SourceText:
    """Assemble a text of at least `length` characters holding exactly `claims` claim sentences.

    Interviews alternate the outlet's questions ("— ...") with the voice's answers; other
    kinds are narration in the outlet's (or, for statements, the voice's) name. Claims sit
    in answers and narration only, never in questions or bylines.
    """
    countries = list(v.COUNTRIES)
    remaining = claims
    out = SourceText("")
    parts: list[str] = []
    position = 0

    def paragraph(role: str, speaker: str, sentences: list, opener: str = "") -> None:
        nonlocal position
        if parts:
            parts.append("\n")
            position += 1
        start = position
        index = len(out.passages)
        text = opener
        offset = start + len(opener)
        for n, sentence in enumerate(sentences):
            if n:
                text += " "
                offset += 1
            if isinstance(sentence, Prototype):
                out.anchors.append(
                    Anchor(offset + sentence.start, offset + sentence.end, index, speaker, sentence)
                )
                sentence = sentence.sentence
            text += sentence
            offset += len(sentence)
        parts.append(text)
        position += len(text)
        out.passages.append(PassageSpan(start, position, role, speaker))

    narrator = voice if kind == "statement" else outlet
    paragraph("narration", narrator, [intro])
    answering = False
    while position < length or remaining:
        sentences: list = []
        written = position
        for _ in range(rng.randint(2, 6)):
            # Claims spread evenly over the sentences the text still needs.
            slots = max(1.0, (length - written) / pools.mean_sentence)
            where = country if rng.random() < 0.85 else rng.choice(countries)
            if remaining and rng.random() * slots < remaining:
                sentences.append(rng.choice(pools.claims[where]))
                remaining -= 1
                written += len(sentences[-1].sentence) + 1
            else:
                sentences.append(rng.choice(pools.fillers[where]))
                written += len(sentences[-1]) + 1
        if kind == "interview":
            if not answering or rng.random() < 0.7:
                paragraph("question", outlet, [rng.choice(pools.questions[country])], "— ")
                paragraph("answer", voice, sentences, "— ")
            else:
                paragraph("answer", voice, sentences)
            answering = True
        else:
            paragraph("narration", narrator, sentences)
    if byline:
        paragraph("byline", "", [byline])
    out.text = "".join(parts)
    return out
