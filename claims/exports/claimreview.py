"""Approved claims as schema.org ClaimReview JSON-LD: one definition, for the feed and exports."""

from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Expression,
    F,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from claims.exports.jsonsql import OPTIONAL, Escaped, JSONText, Number, Obj, Quoted, literal
from claims.links import site_url
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

# Only what the public may read (no rationale drafts, no assignee, no evidence): the
# columns `claim_review_json` reads, besides the days of approval and publication.
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


def claimreview_columns(queryset: QuerySet[Claim]) -> QuerySet:
    """Return the columns a ClaimReview is made of, as plain values."""
    return queryset.values(
        *CLAIMREVIEW_FIELDS,
        approved_on=UTCDayText(F("approved_at")),
        published_on=DayText(F("source__published_at")),
    )


def claimreview_rows(queryset: QuerySet[Claim], base_url: str = "") -> QuerySet:
    """Return each claim's ClaimReview as JSON text, written by the database.

    `base_url` is where the desk is reached (`claims.links.site_url`).
    """
    return queryset.values_list(claim_review_json(base_url), flat=True)


def claim_reviews_url(base_url: str = "") -> str:
    """Return the public address under which each claim's review is found (then `<id>/`)."""
    return f"{(base_url or site_url()).rstrip('/')}/api/v1/claimreview/"


def review_rating(rating: str) -> dict[str, Any]:
    """Return the schema.org Rating of a verdict; unverifiable has a name but no number."""
    result: dict[str, Any] = {"@type": "Rating"}
    if rating in RATING_VALUES:
        result.update(ratingValue=RATING_VALUES[rating], bestRating=5, worstRating=1)
    result["alternateName"] = str(RATING_LABELS.get(rating, rating))
    return result


def _rating_json() -> Case:
    """Return each verdict's Rating as JSON text (a rating the scale lacks: its name only)."""
    return Case(
        *[When(rating=r, then=Value(literal(review_rating(r)))) for r in RATING_LABELS],
        default=Obj(("@type", "Rating"), ("alternateName", Escaped("rating"))).expression(),
        output_field=TextField(),
    )


def _first(*choices: tuple[Q, Obj]) -> Case:
    """Return the JSON text of the first document whose condition holds, else NULL."""
    whens = [When(condition, then=document.expression()) for condition, document in choices]
    return Case(*whens, output_field=TextField())


def claim_review_json(base_url: str = "") -> Expression:
    """Return the ClaimReview of an approved claim as JSON text, written by the database.

    The one definition of what the feed and the export publish. Optional members are left
    out where the claim has no such value, as Python's `if value:` would.
    """
    organization = settings.FACTCHECK_ORGANIZATION
    published = Quoted(DayText(F("source__published_at")))
    author = _first(
        (~Q(speaker=""), Obj(("@type", "Person"), ("name", Escaped("speaker")))),
        (
            Q(source__outlet__name__isnull=False) & ~Q(source__outlet__name=""),
            Obj(("@type", "Organization"), ("name", Escaped("source__outlet__name"))),
        ),
    )
    return Obj(
        ("@context", "https://schema.org"),
        ("@type", "ClaimReview"),
        ("url", JSONText(literal(claim_reviews_url(base_url))[:-1], Number("id"), '/"')),
        ("claimReviewed", Escaped(Coalesce(NullIf("statement", Value("")), "quote"))),
        (
            "itemReviewed",
            Obj(
                ("@type", "Claim"),
                ("author", author, OPTIONAL),
                ("datePublished", published, OPTIONAL),
                (
                    "appearance",
                    Obj(
                        ("@type", "CreativeWork"),
                        ("headline", Escaped("source__title")),
                        ("url", Escaped(NullIf("source__url", Value(""))), OPTIONAL),
                        ("datePublished", published, OPTIONAL),
                    ),
                ),
            ),
        ),
        (
            "author",
            {"@type": "Organization", "name": organization["name"], "url": organization["url"]},
        ),
        ("reviewRating", _rating_json()),
        ("datePublished", Quoted(UTCDayText(F("approved_at"))), OPTIONAL),
        (
            "correction",
            _first(
                (
                    ~Q(correction_note=""),
                    Obj(("@type", "CorrectionComment"), ("text", Escaped("correction_note"))),
                )
            ),
            OPTIONAL,
        ),
    ).expression()
