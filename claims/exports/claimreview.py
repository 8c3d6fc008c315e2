"""Approved claims as schema.org ClaimReview JSON-LD: one function, used by the feed and exports."""

from typing import Any

from django.conf import settings
from django.db.models import CharField, F, Func, QuerySet

from claims.models import Claim

# The public rating scale: reviewRating.ratingValue, worstRating 1, bestRating 5.
RATING_VALUES = {
    Claim.Rating.TRUE: 5,
    Claim.Rating.MOSTLY_TRUE: 4,
    Claim.Rating.MIXED: 3,
    Claim.Rating.MISLEADING: 2,
    Claim.Rating.FALSE: 1,
}
RATING_LABELS = dict(Claim.Rating.choices)

# Only what the public may read: no rationale drafts, no assignee, no evidence.
CLAIMREVIEW_FIELDS = [
    "id",
    "statement",
    "quote",
    "speaker",
    "rating",
    "correction_note",
    "source__title",
    "source__url",
    "source__outlet__name",
]


class DayText(Func):
    """A date as YYYY-MM-DD, formatted by the database (cheaper than loading and formatting)."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()


class UTCDayText(Func):
    """A moment as its UTC day, YYYY-MM-DD, formatted by the database."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    output_field = CharField()


def claimreview_rows(queryset: QuerySet[Claim]) -> QuerySet:
    """Return the claims as dicts holding exactly what `claim_review` reads."""
    return queryset.values(
        *CLAIMREVIEW_FIELDS,
        approved_on=UTCDayText(F("approved_at")),
        published_on=DayText(F("source__published_at")),
    )


def claim_review_url(claim_id: int) -> str:
    """Return the public address of one claim's review."""
    return f"{settings.SITE_URL.rstrip('/')}/api/v1/claimreview/{claim_id}/"


def review_rating(rating: str) -> dict[str, Any]:
    """Return the schema.org Rating of a verdict; unverifiable has a name but no number."""
    result: dict[str, Any] = {"@type": "Rating"}
    if rating in RATING_VALUES:
        result.update(ratingValue=RATING_VALUES[rating], bestRating=5, worstRating=1)
    result["alternateName"] = RATING_LABELS.get(rating, rating)
    return result


def claim_review(row: dict[str, Any]) -> dict[str, Any]:
    """Return the ClaimReview of an approved claim given as a row of `claimreview_rows`."""
    organization = settings.FACTCHECK_ORGANIZATION
    item: dict[str, Any] = {"@type": "Claim"}
    if row["speaker"]:
        item["author"] = {"@type": "Person", "name": row["speaker"]}
    elif row["source__outlet__name"]:
        item["author"] = {"@type": "Organization", "name": row["source__outlet__name"]}
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": row["source__title"]}
    if row["source__url"]:
        appearance["url"] = row["source__url"]
    published = row["published_on"]
    if published:
        appearance["datePublished"] = published
        item["datePublished"] = published
    item["appearance"] = appearance
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_review_url(row["id"]),
        "claimReviewed": row["statement"] or row["quote"],
        "itemReviewed": item,
        "author": {
            "@type": "Organization",
            "name": organization["name"],
            "url": organization["url"],
        },
        "reviewRating": review_rating(row["rating"]),
    }
    if row["approved_on"]:
        review["datePublished"] = row["approved_on"]
    if row["correction_note"]:
        review["correction"] = {"@type": "CorrectionComment", "text": row["correction_note"]}
    return review
