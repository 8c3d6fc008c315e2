"""The published verdicts, for anyone: an index, one page per verdict, an Atom feed.

No sign-in. Only approved claims are shown (any other claim is 404, for members too), and
only what a ClaimReview publishes plus the rationale and the evidence relied on. Each page
carries the verdict's ClaimReview as JSON-LD, the same JSON the feed and the export write.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from claims import counting
from claims.filters import ClaimFilter
from claims.links import site_url
from claims.models import Claim, ClaimEvent, Evidence
from claims.publishing.claimreview import claim_review_json, claimant
from sources.models import Source

INDEX_PAGE_SIZE = 20
FEED_SIZE = 50
CONTEXT_CHARS = 300  # text shown either side of the quote
PUBLIC_CACHE_SECONDS = 60
# Characters that could end a <script> data block, written as JSON escapes instead.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class VerdictFilter(forms.Form):
    # A rating not understood is named beside the select and left out: the list shows every
    # rating and says so, so a stale or mistyped link still lands on the verdicts.
    rating = forms.ChoiceField(
        required=False,
        choices=[("", "Any rating"), *Claim.Rating.choices],
        error_messages={"invalid_choice": "No such rating: %(value)s. Showing every rating."},
    )
    source = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    after = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)
    before = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def clean_after(self) -> tuple[datetime, int] | None:
        return _cursor(self.cleaned_data["after"])

    def clean_before(self) -> tuple[datetime, int] | None:
        return _cursor(self.cleaned_data["before"])


def _cursor(text: str) -> tuple[datetime, int] | None:
    """Read a place in the list, `<approval time>_<id>`, as written by `_cursor_text`."""
    if not text:
        return None
    moment, _, pk = text.rpartition("_")
    try:
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None:
            raise ValueError
        return when, int(pk)
    except ValueError:
        raise forms.ValidationError("This is not a place in the list; start again.") from None


def _cursor_text(claim: Claim) -> str:
    return f"{claim.approved_at.isoformat()}_{claim.pk}"


def published() -> QuerySet[Claim]:
    """Return the verdicts the public may read."""
    return Claim.objects.published()


def _filtered(data: dict) -> QuerySet[Claim]:
    """Return the published verdicts the valid filters leave (the desk's one claim filter)."""
    given = {"rating": [data["rating"]] if data.get("rating") else [], "source": data.get("source")}
    return ClaimFilter({k: v for k, v in given.items() if v}, queryset=published()).qs


@dataclass
class IndexPage:
    rows: list[Claim]
    older: str  # cursor of the next (older) page, '' when none
    newer: str  # cursor of the previous (newer) page, '' when none


def _index_page(claims: QuerySet[Claim], data: dict) -> IndexPage:
    """Return one page of the list, newest first, walking the index from a cursor."""
    rows = claims.annotate(claimant_name=claimant()).select_related("source__outlet")
    rows = rows.defer("source__text", "rationale")
    after, before = data.get("after"), data.get("before")
    if before:
        when, pk = before
        newer = Q(approved_at__gte=when) & (Q(approved_at__gt=when) | Q(id__gt=pk))
        found = list(rows.filter(newer).order_by("approved_at", "id")[: INDEX_PAGE_SIZE + 1])
        more_newer = len(found) > INDEX_PAGE_SIZE
        page = list(reversed(found[:INDEX_PAGE_SIZE]))
        return IndexPage(
            page,
            _cursor_text(page[-1]) if page else "",
            _cursor_text(page[0]) if page and more_newer else "",
        )
    if after:
        when, pk = after
        # The first condition bounds the index range; the second only settles equal times.
        rows = rows.filter(Q(approved_at__lte=when) & (Q(approved_at__lt=when) | Q(id__lt=pk)))
    found = list(rows.order_by("-approved_at", "-id")[: INDEX_PAGE_SIZE + 1])
    page = found[:INDEX_PAGE_SIZE]
    return IndexPage(
        page,
        _cursor_text(page[-1]) if len(found) > INDEX_PAGE_SIZE else "",
        _cursor_text(page[0]) if after and page else "",
    )


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    organization = settings.FACTCHECK_ORGANIZATION["name"]
    return render(request, template, {"organization_name": organization, **context})


@require_GET
@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
def verdict_index(request: HttpRequest) -> HttpResponse:
    """List the published verdicts, newest first, by rating and source, a page at a time."""
    form = VerdictFilter(request.GET)
    if not form.is_valid() and "rating" in form.errors:
        form.fields["rating"].widget.attrs["aria-describedby"] = "error-rating"
    data = form.cleaned_data  # a value not understood is left out, with its error shown
    claims = _filtered(data)
    page = _index_page(claims, data)
    source = None
    if data.get("source"):
        source = Source.objects.filter(pk=data["source"]).only("id", "title").first()
    return _render(
        request,
        "public/index.html",
        {
            "form": form,
            "page": page,
            "count": counting.count_rows(claims),
            "source": source,
            "rating_label": Claim.Rating(data["rating"]).label if data.get("rating") else "",
        },
    )


def _verdict(pk: int, base_url: str) -> Claim:
    """Return a published verdict with its context and its ClaimReview, or 404."""
    start_at = Greatest(F("start") - CONTEXT_CHARS, Value(0))
    try:
        return (
            published()
            .select_related("source__outlet")
            .defer("source__text")
            .annotate(
                review=claim_review_json(base_url),
                claimant_name=claimant(),
                before=Substr("source__text", start_at + 1, F("start") - start_at),
                after=Substr("source__text", F("end") + 1, CONTEXT_CHARS),
            )
            .get(pk=pk)
        )
    except Claim.DoesNotExist:
        raise Http404("No published verdict here.") from None


@dataclass
class HistoryRow:
    """One step of a verdict's public record: published, reopened, or corrected."""

    kind: str  # "published", "reopened", "corrected"
    at: datetime
    rating: str = ""
    rationale: str = ""
    reason: str = ""


def verdict_history(claim: Claim) -> list[HistoryRow]:
    """Return each approval and reopening of the verdict, oldest first, with its verdict then.

    A reopening keeps the verdict it withdrew (its event's `verdict` change), so every
    approval shows the verdict it published: the next reopening's, or the current one.
    """
    events = list(
        ClaimEvent.objects.filter(claim=claim, action__in=["approve", "reopen"])
        .only("action", "created_at", "comment", "changes")
        .order_by("created_at", "id")
    )
    rows: list[HistoryRow] = []
    approvals = 0
    for index, event in enumerate(events):
        if event.action == "reopen":
            rows.append(HistoryRow("reopened", event.created_at, reason=event.comment))
            continue
        withdrawn = next((e for e in events[index + 1 :] if e.action == "reopen"), None)
        if withdrawn is None:
            verdict = {"rating": claim.rating, "rationale": claim.rationale}
        else:
            verdict = (withdrawn.changes.get("verdict") or [{}])[0] or {}
        rating = verdict.get("rating") or ""
        rows.append(
            HistoryRow(
                "corrected" if approvals else "published",
                event.created_at,
                rating=Claim.Rating(rating).label if rating in Claim.Rating.values else rating,
                rationale=verdict.get("rationale") or "",
            )
        )
        approvals += 1
    return rows


@require_GET
@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
def verdict_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one published verdict: the claim in context, the verdict, evidence, history."""
    claim = _verdict(pk, site_url(request))
    review = json.loads(claim.review)
    evidence = list(
        Evidence.objects.filter(claim=claim)
        .select_related("source__outlet")
        .defer("source__text", "note")
        .order_by("stance", "id")
    )
    for item in evidence:
        item.claim = claim  # the figure comparison reads the claim's bounds
    return _render(
        request,
        "public/verdict.html",
        {
            "claim": claim,
            "review": review,
            "review_json": claim.review.translate(SCRIPT_SAFE),
            "cut_before": claim.start > CONTEXT_CHARS,
            "cut_after": claim.end + CONTEXT_CHARS < claim.source.text_length,
            "evidence": evidence,
            "history": verdict_history(claim),
            "published_at": review["datePublished"],
            "modified_at": review.get("dateModified", ""),
        },
    )


class VerdictFeed(Feed):
    """The newest published verdicts as an Atom feed (same filters as the index)."""

    feed_type = Atom1Feed
    subtitle = "The newest published verdicts."

    def title(self, filters: dict) -> str:
        return f"{settings.FACTCHECK_ORGANIZATION['name']}: fact checks"

    def get_object(self, request: HttpRequest) -> dict:
        form = VerdictFilter(request.GET)
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if k in {"rating", "source"} and v}
        return {**filters, "base_url": site_url(request)}

    def link(self, filters: dict) -> str:
        return reverse("public-index")

    def items(self, filters: dict) -> list[dict]:
        base_url = filters["base_url"]
        claims = _filtered(filters).order_by("-approved_at", "-id")[:FEED_SIZE]
        rows = claims.values_list("rating", "rationale", claim_review_json(base_url))
        return [
            {"rating": rating, "rationale": rationale, **json.loads(review)}
            for rating, rationale, review in rows
        ]

    def item_title(self, item: dict) -> str:
        return f"{item['reviewRating']['alternateName']}: {item['claimReviewed']}"

    def item_link(self, item: dict) -> str:
        return item["url"]

    def item_guid(self, item: dict) -> str:
        return item["url"]

    def item_description(self, item: dict) -> str:
        return item["rationale"]

    def item_author_name(self, item: dict) -> str:
        return item["author"]["name"]

    def item_pubdate(self, item: dict) -> datetime:
        return datetime.fromisoformat(item["datePublished"])

    def item_updateddate(self, item: dict) -> datetime:
        return datetime.fromisoformat(item.get("dateModified") or item["datePublished"])


verdict_feed = cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)(VerdictFeed())
