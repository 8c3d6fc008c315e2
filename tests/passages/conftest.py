"""An interview cut into a question and an answer, with claims in every state in the answer."""

import pytest

from claims.models import Claim
from tests.factories import ClaimFactory, PassageFactory, SourceFactory

QUESTION = "How many surrendered?\n"
ANSWER = "Almost a thousand militants surrendered in 2024, and 14 children were freed."


@pytest.fixture
def interview(db):
    return SourceFactory(kind="interview", text=QUESTION + ANSWER)


@pytest.fixture
def answer(interview):
    PassageFactory(
        source=interview, position=0, start=0, end=len(QUESTION), role="question", speaker="TASS"
    )
    return PassageFactory(
        source=interview,
        position=1,
        start=len(QUESTION),
        end=len(QUESTION) + len(ANSWER),
        role="answer",
        speaker="TASS",  # the importer's mistake: the answer is the director's
    )


def claim_in(passage, offset: int, status: str, speaker: str = "TASS") -> Claim:
    """Return a claim of the given status over ten characters of the passage."""
    start = passage.start + offset
    return ClaimFactory(
        source=passage.source,
        passage=passage,
        start=start,
        end=start + 10,
        status=status,
        speaker=speaker,
        # A verdict under review or approved carries its rating.
        rating="mostly_true" if status in ("in_review", "approved") else "",
    )


@pytest.fixture
def claims(answer) -> dict[str, Claim]:
    """One claim in each state that matters, all still carrying the importer's speaker."""
    names = ["candidate", "open", "in_research", "in_review", "approved", "dismissed"]
    return {status: claim_in(answer, 5 * i, status) for i, status in enumerate(names)}
