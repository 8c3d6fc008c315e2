"""Is a verdict ready to publish? Its future ClaimReview checked against what readers need.

Aggregators (Google's Fact Check Explorer, DataCommons) require some ClaimReview members and
recommend others. `check_review` reads a review as the builder writes it and says what is
missing or wrong; approval is refused while anything required is missing, and the review
queue and the claim page list the rest.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from claims.models import Claim
from claims.publishing.claimreview import (
    RATING_LABELS,
    RATING_VALUES,
    SHORT_CLAIM_REVIEWED,
    claim_review_json,
)

# The scale's numbers by the name a review carries (unverifiable: no number).
NUMBER_BY_NAME = {str(RATING_LABELS[rating]): number for rating, number in RATING_VALUES.items()}
NAMES = {str(label) for label in RATING_LABELS.values()}


@dataclass(frozen=True)
class Finding:
    """One member of a future ClaimReview that is missing or wrong."""

    member: str  # the ClaimReview member, e.g. "itemReviewed.author"
    required: bool
    message: str  # what to do, in the desk's words
    field: str  # the claim's field (or setting) that supplies it

    def __str__(self) -> str:
        return f"{self.message} (ClaimReview {self.member})"


def _get(review: dict[str, Any], path: str) -> Any:
    value: Any = review
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _filled(value: Any) -> bool:
    """Whether a member has a value: text that is not blank, a number, or a named thing."""
    if isinstance(value, dict):
        return _filled(value.get("name"))
    return isinstance(value, str | int) and str(value).strip() != ""


def check_review(review: dict[str, Any]) -> list[Finding]:
    """Return what a ClaimReview lacks or gets wrong, required findings first."""
    found: list[Finding] = []

    def need(path: str, required: bool, message: str, field: str) -> None:
        if not _filled(_get(review, path)):
            found.append(Finding(path, required, message, field))

    need("claimReviewed", True, "write the claim's neutral statement.", "statement")
    url = _get(review, "url")
    if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        found.append(Finding("url", True, "set SITE_URL, the desk's public address.", "url"))
    need("author.name", True, "set FACTCHECK_ORG_NAME, the desk's name.", "author")
    need("reviewRating.alternateName", True, "choose a rating.", "rating")
    found += _rating_disagreements(review.get("reviewRating") or {})

    need(
        "itemReviewed.author",
        False,
        "who made the claim: give its speaker (or, for an attributive claim, whom it is "
        "attributed to).",
        "speaker",
    )
    need("datePublished", False, "the date of publication, set by approving.", "approved_at")
    need("itemReviewed.datePublished", False, "the source's publication date.", "source")
    need("itemReviewed.appearance.url", False, "the source's address.", "source")
    summary = review.get("claimReviewed")
    if isinstance(summary, str) and len(summary) > SHORT_CLAIM_REVIEWED:
        found.append(
            Finding(
                "claimReviewed",
                False,
                f"a shorter statement: {len(summary)} characters, keep it to "
                f"{SHORT_CLAIM_REVIEWED} or fewer so it does not wrap on a phone.",
                "statement",
            )
        )
    return sorted(found, key=lambda f: not f.required)


def _rating_disagreements(rating: dict[str, Any]) -> list[Finding]:
    """Check that the rating's number and name say the same on the 1-5 scale."""
    name = rating.get("alternateName")
    value = rating.get("ratingValue")
    if not _filled(name):
        return []
    problems = []
    if name not in NAMES:
        problems.append(f"“{name}” is not a rating of the desk's scale.")
    elif NUMBER_BY_NAME.get(name) != value:
        expected = NUMBER_BY_NAME.get(name)
        said = "no number" if value is None else f"ratingValue {value}"
        wanted = "no number" if expected is None else f"ratingValue {expected}"
        problems.append(f"“{name}” has {said}, but the scale gives it {wanted}.")
    if value is not None and (rating.get("worstRating"), rating.get("bestRating")) != (1, 5):
        problems.append("worstRating and bestRating must be 1 and 5.")
    return [Finding("reviewRating", True, p, "rating") for p in problems]


def with_future_review(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate each claim with `future_review`: the JSON its approval would publish."""
    return queryset.annotate(future_review=claim_review_json(quote_for_summary=False))


def review_findings(claim: Claim) -> list[Finding]:
    """Return what the claim's future ClaimReview lacks (one query unless annotated)."""
    text = getattr(claim, "future_review", None)
    if text is None:
        text = with_future_review(Claim.objects.filter(pk=claim.pk)).values_list(
            "future_review", flat=True
        )[0]
    return check_review(json.loads(text))


def missing_for_approval(claim: Claim) -> Finding | None:
    """Return the first required member the claim's ClaimReview would lack, or None."""
    return next((f for f in review_findings(claim) if f.required), None)
