"""How a claim's figure stands to a source's, in words, and bounds as written.

The words compare numbers; they do not judge the claim (the evidence's stance does).
"""

from decimal import Decimal

from django import template

from extraction.figures import (
    ABOVE,
    BELOW,
    NOT_COMPARABLE,
    OVERLAPS,
    WITHIN,
    Comparison,
    as_written,
)

register = template.Library()

LABELS = {
    WITHIN: "inside the claim's range",
    OVERLAPS: "overlaps the claim's range",
    ABOVE: "the claim says more",
    BELOW: "the claim says less",
    NOT_COMPARABLE: "not comparable with the claim's figure",
}


@register.filter(name="as_written")
def as_written_or_blank(value: Decimal | None) -> str:
    """Return a bound as written: 72, 2.5, never 72.0000 (the API's and exports' rule)."""
    return "" if value is None else as_written(value)


def claim_range(low: Decimal | None, high: Decimal | None) -> str:
    """Return a claim's bounds in words: "72–88", "14", "900 or more", "up to 88"."""
    if low is not None and high is not None:
        return as_written(low) if low == high else f"{as_written(low)}–{as_written(high)}"
    if low is not None:
        return f"{as_written(low)} or more"
    if high is not None:
        return f"up to {as_written(high)}"
    return ""


@register.filter
def relation_label(comparison: Comparison, claim: object = None) -> str:
    """Return the comparison in words: the claim's range when inside or overlapping, the
    ratio when the claim says more or less."""
    label = LABELS.get(comparison.relation, comparison.relation)
    if comparison.relation in (WITHIN, OVERLAPS) and claim is not None:
        bounds = claim_range(getattr(claim, "value_low", None), getattr(claim, "value_high", None))
        return f"{label} {bounds}" if bounds else label
    if comparison.relation in (ABOVE, BELOW) and comparison.ratio is not None:
        return f"{label} (×{comparison.ratio:g})"
    return label
