"""Read one span chosen by an analyst the way the extractor reads a text."""

from typing import Any

from extraction.clauses import ATTRIBUTIVE, QUANTITATIVE, find_candidates

QUANTITY_FIELDS = ("quantity_text", "qualifier", "value_low", "value_high", "unit", "period")
ATTRIBUTION_FIELDS = ("attributed_to", "attribution_verb", "attributed_content")


def analyse_span(quote: str) -> dict[str, Any]:
    """Return the kinds, figure, place and attribution the extractor finds in a quote.

    The quote is read as a text of its own; where it holds several candidate clauses, the
    first with a figure gives the quantity and the first with an attribution gives that.
    Fields nothing was found for are left out.
    """
    kinds: list[str] = []
    found: dict[str, Any] = {}
    for candidate in find_candidates(quote):
        for kind, names in ((QUANTITATIVE, QUANTITY_FIELDS), (ATTRIBUTIVE, ATTRIBUTION_FIELDS)):
            if kind in candidate["kinds"] and kind not in kinds:
                kinds.append(kind)
                found.update({n: candidate[n] for n in names if candidate[n] not in ("", None)})
        if candidate["place"] and "place" not in found:
            found["place"] = candidate["place"]
    return {"kinds": kinds, **found} if kinds else {}
