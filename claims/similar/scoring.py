"""How alike two claims are: a score from 0 to 1, a strength, and the reasons in words.

The score adds up what two wordings of one claim share: their words (most of it), the
same figure (same unit, overlapping bounds), the same place, period, attribution, speaker
and tags. What two different claims show instead lowers it and caps the strength at
`possible`: a figure of the same unit whose bounds do not overlap, two different places,
two different periods. A match is shown from SHOW up, and called `strong` from STRONG up
(Meedan Check's two thresholds: suggest above one, match only above a higher one), never
when either text is short: a few words say too little to be sure of.

The weights and thresholds were tuned on the dev half of tests/data/matching.json
(`make bench BENCH=matching` prints recall and the share of look-alikes matched `strong`).
"""

from dataclasses import dataclass, field

from claims.similar.features import Features, Words

SHOW = 0.3
STRONG = 0.55
WEIGHTS = {
    "text": 0.65,
    "figure": 0.15,
    "place": 0.1,
    "period": 0.06,
    "attribution": 0.06,
    "speaker": 0.03,
    "tags": 0.05,
}
CONFLICT_PENALTY = 0.1
NAME_WEIGHT = 2.0  # a shared name (Kidal, MINUSMA, Wagner) says more than a shared word
SHOWN_WORDS = 5


@dataclass
class Verdict:
    score: float
    strength: str  # "strong" or "possible"
    reasons: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.score >= SHOW


def text_similarity(a: Words, b: Words) -> tuple[float, list[str]]:
    """Return how alike two texts' words are (0..1) and the shared words, names first."""
    shared = a.canon & b.canon
    if not shared:
        return 0.0, []

    def weight(words: Words, form: str) -> float:
        return NAME_WEIGHT if form in words.names else 1.0

    both = sum(max(weight(a, w), weight(b, w)) for w in shared)
    total = sum(weight(a, w) for w in a.canon) + sum(weight(b, w) for w in b.canon)
    dice = 2 * both / total if total else 0.0
    union = len(a.trigrams | b.trigrams)
    grams = len(a.trigrams & b.trigrams) / union if union else 0.0
    ordered = sorted(shared, key=lambda w: (-weight(a, w) - weight(b, w), a.written[w]))
    return 0.7 * dice + 0.3 * grams, [b.written[w] for w in ordered]


def compare(probe: Features, other: Features) -> Verdict:
    """Return how alike `other` (an earlier claim) is to `probe`, and why."""
    text, shared = 0.0, []
    for mine in probe.texts:
        for theirs in other.texts:
            score, words = text_similarity(mine, theirs)
            if score > text:
                text, shared = score, words
    parts = {"text": text}
    reasons, conflicts = [], []

    figure = _figure(probe, other)
    if figure == "same":
        parts["figure"] = 1.0
        reasons.append(f"same figure {other.figure.label()}")
    elif figure == "differs":
        conflicts.append(f"other figure: {other.figure.label()} (this one: {probe.figure.label()})")

    place = _place(probe, other)
    if place == "same":
        # A whole country is weaker evidence than a town: the tags often say it already.
        parts["place"] = 0.5 if probe.broad_place or other.broad_place else 1.0
        reasons.append(f"same place: {other.place_written or probe.place_written}")
    elif place == "differs":
        conflicts.append(f"other place: {other.place_written}")

    if probe.years and other.years:
        if not probe.years & other.years:
            conflicts.append(f"other period: {', '.join(sorted(other.years))}")
        elif probe.months and other.months and not probe.months & other.months:
            conflicts.append(f"other month: {', '.join(sorted(m.title() for m in other.months))}")
        else:
            parts["period"] = 1.0
            reasons.append(f"same period: {', '.join(sorted(probe.years & other.years))}")

    if probe.attributed_to and other.attributed_to and _same_name(probe, other):
        parts["attribution"] = 1.0
        reasons.append(f"same attribution: {other.attributed_written}")
    if probe.speaker and probe.speaker == other.speaker:
        parts["speaker"] = 1.0
        reasons.append("same speaker")
    tags = set(probe.tags) & set(other.tags)
    if tags:
        parts["tags"] = len(tags) / len(set(probe.tags) | set(other.tags))
        reasons.append("same tags: " + ", ".join(sorted(other.tags[t] for t in tags)))
    if shared:
        reasons.append("shared words: " + ", ".join(shared[:SHOWN_WORDS]))

    score = sum(WEIGHTS[name] * value for name, value in parts.items())
    score = max(0.0, min(1.0, score - CONFLICT_PENALTY * len(conflicts)))
    short = probe.short or other.short
    if short:
        conflicts.append("short text")
    strong = score >= STRONG and not conflicts
    return Verdict(round(score, 3), "strong" if strong else "possible", reasons, conflicts)


def _figure(probe: Features, other: Features) -> str:
    """Return "same", "differs" (same unit, bounds apart) or "" (nothing to compare)."""
    if probe.figure is None or other.figure is None:
        return ""
    if not probe.figure.counts_as(other.figure):
        return ""
    return "same" if probe.figure.overlaps(other.figure) else "differs"


def _place(probe: Features, other: Features) -> str:
    """Return "same", "differs", or "" when one side names no place or a whole country."""
    if probe.place and other.place:
        if probe.place == other.place:
            return "same"
        if f" {probe.place} " in other.folded_text or f" {other.place} " in probe.folded_text:
            return "same"
        if probe.broad_place or other.broad_place:
            return ""
        return "differs"
    named, text = (probe, other) if probe.place else (other, probe)
    if named.place and not named.broad_place and f" {named.place} " in text.folded_text:
        return "same"
    return ""


def _same_name(probe: Features, other: Features) -> bool:
    a, b = probe.attributed_to, other.attributed_to
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "
