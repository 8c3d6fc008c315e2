"""Search the desk: the one function behind the search page and `GET /api/v1/search/`.

`search(user, params)` checks the input, reads the query (query.py), and returns the ranked
rows of one kind (claims, passages of source texts, or evidence links) with their count;
the caller pages them, and `Search.results(page)` turns a page into results (title,
snippet with the matched words marked, score, url).
"""

import html
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from claims.access import User, claims_visible_to, require_member
from claims.counting import ListCount, count_claims, count_rows
from claims.filters import ClaimFilter, claim_filter_names
from claims.models import Claim, Evidence
from claims.search import ranking
from claims.search.query import MAX_QUERY_CHARS, TEXT_CONFIG, PreparedQuery, parse, prepare
from claims.search.ranking import (
    HEADLINE_OPTIONS,
    MARK_END,
    MARK_START,
    SCORE,
    SNIPPET,
    claim_snippets,
    rank_evidence,
    rank_passages,
)

TYPES = [("claim", "Claims"), ("source", "Source texts"), ("evidence", "Evidence")]
DEFAULT_TYPE = "claim"
# The claim list's filters, which narrow claim results.
CLAIM_FILTERS = [name for name in claim_filter_names() if name != "q"] + ["ordering"]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "required": "Type words to search for.",
            "max_length": f"Search for at most {MAX_QUERY_CHARS} characters.",
        },
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. 1000 militants surrendered"}
        ),
    )
    type = forms.ChoiceField(
        choices=TYPES,
        required=False,
        error_messages={"invalid_choice": "Choose claim, source or evidence."},
    )


class SearchProblem(ValueError):
    """The search cannot run as asked; `errors` names each field with its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Result:
    """One search result, the same shape for every kind."""

    type: str
    id: int
    title: str
    snippet: SafeString
    score: float
    url: str
    status: str | None = None  # claims
    rating: str | None = None  # claims
    claim: int | None = None  # evidence: the claim it supports or contradicts
    passage: int | None = None  # source texts: the passage matched
    offset: int | None = None  # source texts: where that passage starts in the text

    @property
    def status_label(self) -> str:
        return Claim.Status(self.status).label if self.status else ""

    @property
    def rating_label(self) -> str:
        return Claim.Rating(self.rating).label if self.rating else ""


@dataclass
class Search:
    """A query read and run: its ranked rows of one kind (best first) and their count."""

    type: str
    query: PreparedQuery
    rows: QuerySet
    count: ListCount

    def results(self, page: Any) -> list[Result]:
        """Return the results of a page of rows (one more query for source passages)."""
        rows = list(page)
        if self.type == "claim":
            return [_claim_result(claim) for claim in rows]
        if self.type == "evidence":
            return [_evidence_result(evidence) for evidence in rows]
        snippets = passage_snippets([p.pk for p in rows], self.query)
        return [_passage_result(passage, snippets.get(passage.pk, "")) for passage in rows]


def search(user: User, params: QueryDict | dict) -> Search:
    """Search what this member may see; raise SearchProblem naming each field at fault."""
    require_member(user)
    params = _query_dict(params)
    form = SearchForm(params)
    if not form.is_valid():
        raise SearchProblem({name: list(errors) for name, errors in form.errors.items()})
    kind = form.cleaned_data["type"] or DEFAULT_TYPE
    given = [name for name in CLAIM_FILTERS if any(params.getlist(name))]
    if kind != "claim" and given:
        message = "Filters of claims apply to claim results only (type=claim)."
        raise SearchProblem({name: [message] for name in given})
    if kind == "claim":
        return _search_claims(user, params)
    query = _prepared(form.cleaned_data["q"])
    if kind == "source":
        ranked = rank_passages(query)
    else:
        ranked = rank_evidence(Evidence.objects.filter(claim__in=claims_visible_to(user)), query)
    count = count_rows(ranked.matches)
    listed = ListCount(count.n, count.exact, listed=min(count.n, ranking.RANKED))
    return Search(kind, query, ranked.rows.order_by(f"-{SCORE}", "-id"), listed)


def _prepared(text: str) -> PreparedQuery:
    query = prepare(parse(text))
    _check(query)
    return query


def _check(query: PreparedQuery | None) -> None:
    if query is None or query.empty:
        raise SearchProblem({"q": ["Type a word less common than “the” or “of”."]})


def _query_dict(params: QueryDict | dict) -> QueryDict:
    if isinstance(params, QueryDict):
        return params.copy()
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return data


def _search_claims(user: User, params: QueryDict) -> Search:
    """Search claims through the claim list's own filter set: its filters, `q` and sorting."""
    for name in ("type", "page", "page_size"):
        params.pop(name, None)
    filters = ClaimFilter(params, queryset=claims_visible_to(user))
    if not filters.is_valid():
        raise SearchProblem({name: list(errors) for name, errors in filters.errors.items()})
    rows = filters.qs
    _check(filters.search_query)
    query = filters.search_query
    return Search("claim", query, claim_snippets(rows, query), count_claims(filters, rows))


def _snippet(text: str) -> SafeString:
    """Return a headline HTML-escaped, its marked words between <mark> tags."""
    escaped = html.escape(text or "", quote=False)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _claim_result(claim) -> Result:
    return Result(
        type="claim",
        id=claim.pk,
        title=claim.quote,
        snippet=_snippet(getattr(claim, SNIPPET)),
        score=round(getattr(claim, SCORE), 4),
        url=claim.get_absolute_url(),
        status=claim.status,
        rating=claim.rating,
    )


def _evidence_result(evidence) -> Result:
    return Result(
        type="evidence",
        id=evidence.pk,
        title=evidence.source.title,
        snippet=_snippet(getattr(evidence, SNIPPET)),
        score=round(getattr(evidence, SCORE), 4),
        url=reverse("claim-detail", args=[evidence.claim_id]) + "#evidence",
        claim=evidence.claim_id,
    )


def _passage_result(passage, snippet: str) -> Result:
    url = reverse("source-detail", args=[passage.source_id])
    return Result(
        type="source",
        id=passage.source_id,
        title=passage.source.title,
        snippet=_snippet(snippet),
        score=round(getattr(passage, SCORE), 4),
        url=f"{url}?at={passage.start}#passage-{passage.pk}",
        passage=passage.pk,
        offset=passage.start,
    )


def passage_snippets(passage_ids: list[int], query: PreparedQuery) -> dict[int, str]:
    """Return each passage's headline, its text cut at the bytes the index keeps (one query)."""
    if not passage_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.passage_id, ts_headline('{TEXT_CONFIG}', t.body, %s::tsquery, %s) "
            "FROM claimdesk_passage_bodies(%s::bigint[]) AS t",
            [query.any_term, HEADLINE_OPTIONS, passage_ids],
        )
        return dict(cursor.fetchall())
