"""A source's own figure set beside a claim's: read into bounds, then compared.

"about 400" beside a claim of 900-999 militants reads `above`: the claim says more, about
2.4 times as much. Bounds are inclusive; a missing bound is open ("more than 300" is
301..). Figures count the same thing when their units agree, or when one side names none.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from extraction.quantities import find_periods, find_quantities

Number = int | float | Decimal

WITHIN, OVERLAPS, ABOVE, BELOW, NOT_COMPARABLE = (
    "within",
    "overlaps",
    "above",
    "below",
    "not_comparable",
)
RELATIONS = [WITHIN, OVERLAPS, ABOVE, BELOW, NOT_COMPARABLE]
_UNIT_WORD = re.compile(r"[a-z]+")


def as_written(value: Decimal) -> str:
    """Return a stored bound as written: 72, 2.5, 1200, never 72.0000 or 1.2E+3."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Figure:
    """A figure's inclusive bounds (None: open on that side) and what it counts."""

    low: Number | None
    high: Number | None
    unit: str = ""


@dataclass(frozen=True)
class Comparison:
    relation: str
    ratio: float | None = None  # the claim's figure over the source's, when one is above


def read_figure(text: str) -> Figure:
    """Return the bounds and unit of the first figure written in text ("about 400")."""
    text = text or ""
    found = [q for q in find_quantities(text, find_periods(text)) if q.kind != "trend"]
    if not found:
        return Figure(None, None)
    first = found[0]
    return Figure(first.low, first.high, first.unit)


def same_unit(a: str, b: str) -> bool:
    """Whether two units count the same thing ("new wells" and "wells"); blank matches all."""
    a_key, b_key = unit_key(a), unit_key(b)
    if not a_key or not b_key:
        return True
    return a_key == b_key


def unit_key(unit: str) -> str:
    """Return what a unit counts, as units are compared: "new wells" -> "well"; "" for none.

    The database reads units the same way (`claimdesk_unit_key`, claims migration 0010).
    """
    words = _UNIT_WORD.findall((unit or "").lower())
    return _singular(words[-1]) if words else ""


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def compare(claim: Figure, source: Figure) -> Comparison:
    """Return how the claim's figure stands to the source's: within, overlaps, above, below."""
    if not _bounded(claim) or not _bounded(source) or not same_unit(claim.unit, source.unit):
        return Comparison(NOT_COMPARABLE)
    c_low, c_high = _edges(claim)
    s_low, s_high = _edges(source)
    ratio = _ratio(claim, source)
    if s_low >= c_low and s_high <= c_high:
        return Comparison(WITHIN, ratio)
    if c_low > s_high:
        return Comparison(ABOVE, ratio)
    if c_high < s_low:
        return Comparison(BELOW, ratio)
    return Comparison(OVERLAPS, ratio)


def _bounded(figure: Figure) -> bool:
    return figure.low is not None or figure.high is not None


def _edges(figure: Figure) -> tuple[float, float]:
    low = float("-inf") if figure.low is None else float(figure.low)
    high = float("inf") if figure.high is None else float(figure.high)
    return low, high


def _middle(figure: Figure) -> float:
    """Return the middle of the bounds, or the one bound there is."""
    if figure.low is None:
        return float(figure.high)
    if figure.high is None:
        return float(figure.low)
    return (float(figure.low) + float(figure.high)) / 2


def _ratio(claim: Figure, source: Figure) -> float | None:
    source_middle = _middle(source)
    if source_middle == 0:
        return None
    return round(_middle(claim) / source_middle, 2)
