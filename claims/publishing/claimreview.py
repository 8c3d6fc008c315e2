"""Approved claims as schema.org ClaimReview JSON-LD: one definition, for every reader.

The feed, the public pages, the Atom feed and the exports publish it; validation checks it
before a verdict is approved.
"""

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
from django.db.models.functions import Coalesce, Now, NullIf, Upper
from django.db.models.lookups import GreaterThan, In, IsNull

from claims.links import site_url
from claims.models import Claim, Kind
from claims.publishing.jsonsql import OPTIONAL, Escaped, JSONText, Number, Obj, Quoted, literal
from sources.models import Outlet
from sources.passages import DEFAULT_INTERVIEWEE, DEFAULT_INTERVIEWER

# Public pages of verdicts live under this path (see claims.urls).
PUBLIC_PREFIX = "/checks/"

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
# columns `claim_review_json` reads, besides its dates.
CLAIMREVIEW_FIELDS = [
    "id",
    "statement",
    "quote",
    "speaker",
    "kinds",
    "attributed_to",
    "rating",
    "correction_note",
    "source__title",
    "source__url",
    "source__outlet__name",
]
# Names the importer gives a voice it could not name: nobody in particular made the claim.
PLACEHOLDER_SPEAKERS = [DEFAULT_INTERVIEWER, DEFAULT_INTERVIEWEE]
# The recommended most length of claimReviewed (longer ones wrap on a phone).
SHORT_CLAIM_REVIEWED = 75


class DayText(Func):
    """A date as YYYY-MM-DD, formatted by the database (cheaper than loading and formatting)."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()


class UTCMomentText(Func):
    """A moment as ISO 8601 in UTC to the millisecond, formatted by the database."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    output_field = CharField()


def published_moment() -> Coalesce:
    """When the verdict was first published (for a verdict still in review: now)."""
    return Coalesce(F("first_approved_at"), F("approved_at"), Now())


def modified_moment() -> Coalesce:
    """When the verdict was last approved (for a verdict still in review: now)."""
    return Coalesce(F("approved_at"), Now())


def claimreview_columns(queryset: QuerySet[Claim]) -> QuerySet:
    """Return the columns a ClaimReview is made of, as plain values."""
    return queryset.values(
        *CLAIMREVIEW_FIELDS,
        published=UTCMomentText(published_moment()),
        modified=UTCMomentText(modified_moment()),
        source_published_on=DayText(F("source__published_at")),
    )


def claimreview_rows(queryset: QuerySet[Claim], base_url: str = "") -> QuerySet:
    """Return each claim's ClaimReview as JSON text, written by the database.

    `base_url` is where the desk is reached (`claims.links.site_url`).
    """
    return queryset.values_list(claim_review_json(base_url), flat=True)


def public_path(claim_id: int) -> str:
    """Return the path of a verdict's public page."""
    return f"{PUBLIC_PREFIX}{claim_id}/"


def public_url_base(base_url: str = "") -> str:
    """Return the absolute address under which each verdict's page is found (then `<id>/`)."""
    return f"{(base_url or site_url()).rstrip('/')}{PUBLIC_PREFIX}"


def public_url(claim_id: int, base_url: str = "") -> str:
    """Return the absolute address of a verdict's public page: its ClaimReview `url`."""
    return f"{public_url_base(base_url)}{claim_id}/"


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


def _first(*choices: tuple[Q | Expression, Obj]) -> Case:
    """Return the JSON text of the first document whose condition holds, else NULL."""
    whens = [When(condition, then=document.expression()) for condition, document in choices]
    return Case(*whens, output_field=TextField())


def claimant() -> Case:
    """Return who made the claim, NULL when nobody is known.

    The actor an attributive claim names ("the head of Niger" stated ...), else the speaker
    of the words (unless the importer had no name for them), else the outlet that published
    them.
    """
    outlet = F("source__outlet__name")
    return Case(
        When(Q(kinds__contains=[Kind.ATTRIBUTIVE]) & ~Q(attributed_to=""), then=F("attributed_to")),
        When(~Q(speaker="") & ~Q(speaker__in=PLACEHOLDER_SPEAKERS), then=F("speaker")),
        When(Q(source__outlet__name__isnull=False) & ~Q(source__outlet__name=""), then=outlet),
        output_field=CharField(),
    )


def _claimant_json() -> Case:
    """Return the claimant as a schema.org Organization (an outlet's name) or Person."""
    name = claimant()
    outlets = Outlet.objects.annotate(key=Upper("name")).values("key")
    return _first(
        (In(Upper(name), outlets), Obj(("@type", "Organization"), ("name", Escaped(name)))),
        (IsNull(name, False), Obj(("@type", "Person"), ("name", Escaped(name)))),
    )


def claim_review_json(base_url: str = "", *, quote_for_summary: bool = True) -> Expression:
    """Return a claim's ClaimReview as JSON text, written by the database.

    The one definition of what the feed, the public pages and the export publish, and of
    what validation checks before approval. Optional members are left out where the claim
    has no such value, as Python's `if value:` would. A verdict without the analyst's
    statement is summarised by its quote, unless `quote_for_summary` is off (validation asks
    for the statement itself). `base_url` is where the desk is reached (`site_url`).
    """
    organization = settings.FACTCHECK_ORGANIZATION
    published = Quoted(DayText(F("source__published_at")))
    statement = NullIf("statement", Value(""))
    summary = Coalesce(statement, "quote") if quote_for_summary else statement
    return Obj(
        ("@context", "https://schema.org"),
        ("@type", "ClaimReview"),
        ("url", JSONText(literal(public_url_base(base_url))[:-1], Number("id"), '/"')),
        ("claimReviewed", Escaped(summary), OPTIONAL),
        (
            "itemReviewed",
            Obj(
                ("@type", "Claim"),
                ("author", _claimant_json(), OPTIONAL),
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
        ("datePublished", Quoted(UTCMomentText(published_moment()))),
        (
            "dateModified",
            Quoted(
                UTCMomentText(
                    Case(
                        When(
                            GreaterThan(modified_moment(), F("first_approved_at")),
                            then=modified_moment(),
                        )
                    )
                )
            ),
            OPTIONAL,
        ),
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
