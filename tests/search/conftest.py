"""The desk the search tests look through: the surrender claim of the issue and its neighbours."""

import pytest

from claims.models import Claim
from tests.factories import ClaimFactory, SourceFactory

SURRENDER_TEXT = (
    "The director said that almost a thousand militants voluntarily surrendered in 2024. "
    "He added that 14 children were freed near Bria."
)
SURRENDER_QUOTE = "almost a thousand militants voluntarily surrendered in 2024"


@pytest.fixture
def surrender_claim(db) -> Claim:
    """The claim of issue 12: 'almost a thousand militants ...', 900..999 militants, tag CAR."""
    source = SourceFactory(title="SOMB director interview", text=SURRENDER_TEXT)
    start = SURRENDER_TEXT.index(SURRENDER_QUOTE)
    return ClaimFactory(
        source=source,
        start=start,
        end=start + len(SURRENDER_QUOTE),
        quote=SURRENDER_QUOTE,
        speaker="Alexander Ivanov",
        statement="",
        quantity_text="almost a thousand",
        qualifier="almost",
        value_low=900,
        value_high=999,
        unit="militants",
        period="2024",
        tags=["CAR"],
    )


@pytest.fixture
def neighbours(surrender_claim) -> dict[str, Claim]:
    """Claims near the surrender claim in words, place or figure, that are not it."""
    return {
        "children": ClaimFactory(
            quote="14 children were freed near Bria",
            statement="",
            value_low=14,
            value_high=14,
            unit="children",
            tags=["CAR"],
            place="Bria",
        ),
        "mali": ClaimFactory(
            quote="about 400 militants surrendered in Mali last year",
            statement="",
            value_low=360,
            value_high=440,
            unit="militants",
            tags=["Mali"],
        ),
        "niger": ClaimFactory(
            quote="the head of Niger stated that France trains terrorists",
            statement="",
            kinds=["attributive"],
            attributed_to="the head of Niger",
            tags=["Niger", "France"],
        ),
    }
