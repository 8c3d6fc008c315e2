"""Checked before? Earlier claims that may be the same claim, best first, with the reasons.

`similar_claims(claim)` for a recorded claim (or a candidate), `similar_to_text(text)` for
words not recorded yet (the record form). Both only read: one query finds a few dozen
candidates through indexes of rare words, place, figure and attribution
(`claims.similar.candidates`), and `claims.similar.scoring` scores each in Python. Pages,
the API and the review queue's precedent all call these.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from claims.access import User, is_member
from claims.models import Claim, ClaimLink
from claims.similar.candidates import Probe, candidate_ids
from claims.similar.features import Features, features
from claims.similar.scoring import SHOW, STRONG, Verdict, compare
from sources.models import Source

__all__ = [
    "SHOW",
    "STRONG",
    "Match",
    "SameClaims",
    "precedent",
    "same_claims",
    "similar_claims",
    "similar_to_text",
]

DEFAULT_LIMIT, MAX_LIMIT = 5, 20
# Among matches scored alike, a claim with a verdict first: it answers "checked before?".
APPROVED_BONUS = 0.05
FIELDS = [
    "id",
    "source__id",
    "source__title",
    "start",
    "end",
    "quote",
    "statement",
    "status",
    "rating",
    "speaker",
    "tags",
    "unit",
    "value_low",
    "value_high",
    "place",
    "period",
    "attributed_to",
]


@dataclass
class Match:
    """An earlier claim that may be the same claim, with its score and the reasons."""

    claim: Claim
    score: float
    strength: str
    reasons: list[str] = field(default_factory=list)
    linked: bool = False  # already linked as the same claim

    @property
    def id(self) -> int:
        return self.claim.pk

    @property
    def source(self) -> dict:
        return {"id": self.claim.source_id, "title": self.claim.source.title}

    @property
    def quote(self) -> str:
        return self.claim.quote

    @property
    def status(self) -> str:
        return self.claim.status

    @property
    def rating(self) -> str:
        return self.claim.rating


def claim_features(claim: Claim) -> Features:
    """Return what matching compares in a claim."""
    return features(
        claim.quote,
        statement=claim.statement,
        unit=claim.unit,
        value_low=claim.value_low,
        value_high=claim.value_high,
        place=claim.place,
        period=claim.period,
        speaker=claim.speaker,
        attributed_to=claim.attributed_to,
        tags=claim.tags,
    )


def similar_claims(
    claim: Claim, *, user: User, limit: int = DEFAULT_LIMIT, approved_only: bool = False
) -> list[Match]:
    """Return the earlier claims that may say the same as this one, best first.

    `approved_only` keeps claims with a published verdict: the precedent a reviewer weighs.
    """
    if not is_member(user):
        return []
    probe = claim_features(claim)
    lookup = _probe(claim.quote, claim.statement, probe) | {
        "before": claim.pk,
        "span": (claim.source_id, claim.start, claim.end),
        "approved_only": approved_only,
    }
    return _matches(probe, lookup, limit=limit, linked_to=claim.pk)


def similar_to_text(
    text: str,
    *,
    user: User,
    source: Source | None = None,
    start: int | None = None,
    end: int | None = None,
    speaker: str = "",
    tags: list[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Match]:
    """Return the claims that may say the same as a text not recorded yet, best first.

    With a source and a span, claims over those words of that source are left out.
    """
    if not is_member(user) or not (text or "").strip():
        return []
    probe = features(text, speaker=speaker, tags=tags or [])
    span = (source.pk, start, end) if source is not None and None not in (start, end) else None
    return _matches(probe, _probe(text, "", probe) | {"span": span}, limit=limit)


def _probe(text: str, statement: str, probe: Features) -> dict:
    figure = probe.figure
    return {
        "text": text,
        "statement": statement,
        "place": probe.place_written,
        "unit": figure.unit if figure else "",
        "low": figure.low if figure else None,
        "high": figure.high if figure else None,
        "attributed_to": probe.attributed_written,
    }


def _matches(probe: Features, lookup: dict, *, limit: int, linked_to: int | None = None):
    sql, params = candidate_ids(Probe(**lookup))
    found = Claim.objects.filter(pk__in=RawSQL(sql, params)).select_related("source")
    found = found.only(*FIELDS)
    if linked_to is not None:
        links = ClaimLink.objects.filter(claim_id=linked_to, earlier=OuterRef("pk"))
        found = found.annotate(linked=Exists(links))
    scored: list[tuple[Claim, Verdict]] = []
    for candidate in found:
        verdict = compare(probe, claim_features(candidate))
        if verdict.shown:
            scored.append((candidate, verdict))
    scored.sort(key=lambda pair: (-_rank(*pair), -pair[0].pk))
    limit = max(1, min(MAX_LIMIT, limit))
    return [
        Match(c, v.score, v.strength, v.reasons + v.conflicts, getattr(c, "linked", False))
        for c, v in scored[:limit]
    ]


def _rank(claim: Claim, verdict: Verdict) -> float:
    return verdict.score + (APPROVED_BONUS if claim.status == Claim.Status.APPROVED else 0)


@dataclass
class SameClaims:
    """The claims linked to one as the same claim: those it repeats and those repeating it."""

    earlier: list[Claim]
    later: list[Claim]


def same_claims(claim: Claim) -> SameClaims:
    """Return the claims linked to this one as the same claim, in one query."""
    links = ClaimLink.objects.filter(Q(claim=claim) | Q(earlier=claim)).select_related(
        "claim__source", "earlier__source"
    )
    links = list(links.order_by("id"))
    return SameClaims(
        earlier=[link.earlier for link in links if link.claim_id == claim.pk],
        later=[link.claim for link in links if link.earlier_id == claim.pk],
    )


def precedent(matches: list[Match]) -> list[tuple[str, int]]:
    """Return how the approved claims among the matches were rated, most frequent first."""
    counts = Counter(m.claim.get_rating_display() for m in matches if m.status == "approved")
    order = {label: i for i, label in enumerate(Claim.Rating.labels)}
    return sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], 99)))
