"""`{{ comparison|relation_label }}`: how a claim's figure stands to a source's, in words."""

from django import template

from extraction.figures import ABOVE, BELOW, NOT_COMPARABLE, OVERLAPS, WITHIN, Comparison

register = template.Library()

LABELS = {
    WITHIN: "within the claim's bounds",
    OVERLAPS: "overlaps the claim's bounds",
    ABOVE: "the claim says more",
    BELOW: "the claim says less",
    NOT_COMPARABLE: "not comparable with the claim's figure",
}


@register.filter
def relation_label(comparison: Comparison) -> str:
    """Return the comparison in words, with the ratio when the claim says more or less."""
    label = LABELS.get(comparison.relation, comparison.relation)
    if comparison.relation in (ABOVE, BELOW) and comparison.ratio is not None:
        return f"{label} (×{comparison.ratio:g})"
    return label
