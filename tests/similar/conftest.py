"""Claims of the desk's genre, each in a source of its own, with the fields the extractor reads."""

import hashlib

import pytest

from claims.models import Claim
from claims.similar.features import extracted
from claims.workflow.edits import candidate_bounds
from sources.models import Source

EARLIER = "Almost a thousand militants voluntarily surrendered in Bambari in 2024."
PARAPHRASE = (
    "In 2024 close to 1,000 armed fighters gave themselves up in Bambari of their own accord."
)
CONFLICT = "About 400 militants voluntarily surrendered in Bambari in 2024."
UNRELATED = "The electoral commission said 14 polling stations stayed closed in Gao."


def make_claim(
    text: str,
    *,
    status: str = Claim.Status.OPEN,
    rating: str = "",
    tags: list[str] | None = None,
    speaker: str = "",
    source: Source | None = None,
    start: int = 0,
    end: int | None = None,
    **fields,
) -> Claim:
    """Return a claim over text (its own source unless given) with the extractor's fields."""
    if source is None:
        source = Source.objects.create(
            title=f"Source: {text[:40]}",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
    end = len(source.text) if end is None else end
    quote = source.text[start:end]
    found = extracted(quote)
    low, high = candidate_bounds(*found.get("bounds", (None, None)))
    defaults = {
        "unit": found.get("unit", "")[:100],
        "value_low": low,
        "value_high": high,
        "place": found.get("place", ""),
        "period": found.get("period", ""),
        "attributed_to": found.get("attributed_to", ""),
    }
    return Claim.objects.create(
        source=source,
        start=start,
        end=end,
        quote=quote,
        kinds=[Claim.Kind.QUANTITATIVE],
        status=status,
        rating=rating,
        tags=tags or [],
        speaker=speaker,
        **(defaults | fields),
    )


@pytest.fixture
def earlier(db) -> Claim:
    """An approved claim: what "checked before?" should find."""
    return make_claim(
        EARLIER, status=Claim.Status.APPROVED, rating=Claim.Rating.FALSE, tags=["CAR"]
    )


@pytest.fixture
def later(earlier) -> Claim:
    """A claim recorded after `earlier`, saying the same in other words."""
    return make_claim(PARAPHRASE, tags=["CAR"])
