"""Which rows match a prepared query, and how well: per kind of result, every match and the best.

A row matches when it holds any term of the query (or, for a claim, when its figure agrees
with the query's). Its score is the share of the query it answers: each term it holds
counts one, an agreeing figure one more, and PostgreSQL's `ts_rank` (the weighted density
of the words: a quote counts more than a rationale) adds a fraction below one, so rows
holding more of the terms always come first. Claims counting the same thing as the query's
figure with bounds that do not meet it ("400 militants" against 900..999 militants) are
left out.

Scoring every match of a common word would read tens of thousands of rows at a million
claims, so the rows scored are candidates: for each term (and the figure), the newest
RANKED rows holding it. A term held by few rows brings all of them, however old, and a
common one its newest. PostgreSQL's estimate of how many rows hold a term is good, but it
prices testing a row's words as nearly free, so for a term held by a few thousand rows it
would walk the newest rows first, testing a hundred thousand of them; the term is drawn
through the text index instead whenever its estimate is under SELECTIVE (one EXPLAIN a
term). At most RANKED results are listed; the count still says how many rows match.
"""

import json
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, NullIf

from claims.models import Claim, ClaimDocument, Evidence
from claims.search.query import TEXT_CONFIG, PreparedQuery
from sources.models import Passage, Source

RANKED = 1_000  # results a search lists at most, and candidates drawn for each term
# A term held by fewer rows (as estimated) is drawn through the text index, not newest first.
SELECTIVE = 10_000
SCORE = "search_score"
SNIPPET = "search_snippet"
DOCUMENT = "search_document__document"
# Marks around the matched words in a snippet: private-use characters no text holds, made
# <mark> only once the snippet is HTML-escaped.
MARK_START, MARK_END = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Ranked:
    """Every row matching a query (to count), and the best candidates scored (to list)."""

    matches: QuerySet
    rows: QuerySet
    counted: QuerySet | None = None  # the same matches, read from the index alone

    @property
    def to_count(self) -> QuerySet:
        return self.matches if self.counted is None else self.counted


class Matches(Func):
    """`document @@ query`, true when the document holds the query."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def tsquery(text: str) -> Expression:
    """Return a tsquery already normalised by PostgreSQL (query.prepare), read as it is."""
    return Cast(Value(text), SearchQueryField())


def holds(text: str, document: str = DOCUMENT) -> Q:
    return Q(Matches(F(document), tsquery(text)))


def headline(text: Expression, query: PreparedQuery) -> Expression:
    """Return `ts_headline` of text: its best passages, the matched words between marks."""
    return Func(
        text,
        tsquery(query.any_term),
        Value(HEADLINE_OPTIONS),
        template=f"ts_headline('{TEXT_CONFIG}', %(expressions)s)",
        output_field=TextField(),
    )


def _score(query: PreparedQuery, fits: Q | None = None) -> Expression:
    """Return a row's score, 0 to 1: (terms held + figure agreeing + closeness) / (asked + 1).

    Closeness, below one, is `ts_rank` as rank/(rank+1) and, for a figure, how near the
    claim's is to the one asked for (claimdesk_figure_nearness), half each.
    """
    doc = F(DOCUMENT)
    held: Expression = Value(0)
    for term in query.terms:
        held = held + Cast(Matches(doc, tsquery(term)), IntegerField())
    asked = len(query.terms)
    nearness: list[Expression] = []
    if query.terms:
        rank = Func(doc, tsquery(query.any_term), function="ts_rank", output_field=FloatField())
        nearness.append(rank / (rank + Value(1.0)))
    if fits is not None and query.figure is not None:
        held = held + Case(When(fits, then=Value(1)), default=Value(0))
        asked += 1
        near = Func(
            F("search_document__figure_low"),
            F("search_document__figure_high"),
            Value(query.figure.middle, output_field=FloatField()),
            function="claimdesk_figure_nearness",
            output_field=FloatField(),
        )
        nearness.append(Case(When(fits, then=near), default=Value(0.0)))
    score: Expression = Cast(held, FloatField())
    for part in nearness:
        score = score + part / Value(float(len(nearness)))
    return score / Value(float(asked + 1))


def _candidates(matches: QuerySet, conditions: list[Q]) -> QuerySet:
    """Return the ids of the newest RANKED matches meeting each condition, together."""
    newest = [_newest(matches.filter(condition)) for condition in conditions]
    return newest[0].union(*newest[1:]) if len(newest) > 1 else newest[0]


def _newest(held: QuerySet) -> QuerySet:
    """Return the ids of the newest RANKED rows of `held`, read the cheaper way."""
    if _estimated_rows(held) > SELECTIVE:
        return held.order_by("-pk").values("pk")[:RANKED]  # the newest rows first
    # Ordered by an expression, not the key: every row holding it, through the text index.
    newest_first = ExpressionWrapper(F("pk") + 0, output_field=IntegerField()).desc()
    return held.order_by(newest_first).values("pk")[:RANKED]


def _estimated_rows(queryset: QuerySet) -> float:
    """Return how many rows PostgreSQL expects the queryset to hold (a plan, not a scan)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def facets(
    *,
    status: list[str] | None = None,
    rating: list[str] | None = None,
    kind: str | None = None,
    tag: str | None = None,
) -> str | None:
    """Return the claim list's filters as a tsquery of facet lexemes ("status:approved").

    The index holds them beside the words (migration 0010, claimdesk_claim_facets), so a
    search narrowed by them reads only the claims that pass them.
    """
    chosen = {"status": status or [], "rating": rating or [], "kind": [kind] if kind else []}
    chosen["tag"] = [tag] if tag else []
    groups = [
        " | ".join(_lexeme(f"{name}:{value}") for value in values)
        for name, values in chosen.items()
        if values
    ]
    return " & ".join(f"( {group} )" for group in groups) or None


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class _Conditions:
    """A claim query's conditions, on the claim's document seen from `prefix`."""

    match: Q  # any term or the figure, a disagreeing figure left out
    candidates: list[Q]  # one a term (and the figure): where candidates are drawn from
    fits: Q | None  # the figure agrees


def _conditions(query: PreparedQuery, narrowed: str | None, prefix: str) -> _Conditions | None:
    narrow = holds(narrowed, f"{prefix}document") if narrowed else Q()
    terms = [
        holds(f"( {term} ) & ( {narrowed} )" if narrowed else term, f"{prefix}document")
        for term in query.terms
    ]
    figure = query.figure
    if figure is None:
        if not terms:
            return None
        return _Conditions(_any(terms), terms, None)
    same_unit = Q(**{f"{prefix}unit_key__in": figure.unit_keys})
    fits = same_unit & Q(
        **{f"{prefix}figure_low__lte": figure.high, f"{prefix}figure_high__gte": figure.low}
    )
    # A claim counting something else (or nothing) may still hold the words; one counting
    # the same thing with other bounds answers another question. Candidates are drawn by
    # term alone (the newest rows holding it are the cheapest to find), those whose figure
    # disagrees left out afterwards.
    match = _any([fits & narrow, *(term & ~same_unit for term in terms)])
    return _Conditions(match, [fits & narrow, *terms], fits)


def _any(conditions: list[Q]) -> Q:
    match = conditions[0]
    for condition in conditions[1:]:
        match |= condition
    return match


def rank_claims(
    claims: QuerySet[Claim],
    query: PreparedQuery,
    narrowed: str | None = None,
    *,
    counted_in_index: bool = False,
) -> Ranked:
    """Return the claims matching the query, and the best candidates with their score.

    `narrowed` is the facets() of the filters already applied to `claims`: the same filters,
    read from the index. With `counted_in_index` (when they are all the filters there are)
    the matches are counted in the index alone, without reading a claim.
    """
    on_claim = _conditions(query, narrowed, "search_document__")
    if on_claim is None:
        return Ranked(claims.none(), claims.none())
    score = {SCORE: _score(query, on_claim.fits)}  # computed for the rows read only
    matches = claims.filter(on_claim.match).annotate(**score)
    rows = Claim.objects.filter(pk__in=_candidates(claims, on_claim.candidates))
    counted = None
    if counted_in_index:
        counted = ClaimDocument.objects.filter(_conditions(query, narrowed, "").match)
    return Ranked(matches, rows.filter(on_claim.match).annotate(**score), counted)


def _joined(*fields: str | Expression) -> Expression:
    """Return the non-blank fields joined by a dash (the text a snippet is cut from)."""
    parts = [NullIf(F(f) if isinstance(f, str) else f, Value("")) for f in fields]
    return Func(Value(" — "), *parts, function="concat_ws", output_field=TextField())


def claim_snippets(claims: QuerySet[Claim], query: PreparedQuery) -> QuerySet[Claim]:
    """Annotate each claim with its snippet: the fields that matched, words marked."""
    tags = Func(F("tags"), Value(" "), function="array_to_string", output_field=TextField())
    fields = _joined("quote", "statement", "rationale", "speaker", "attributed_to", "place", tags)
    return claims.annotate(**{SNIPPET: headline(fields, query)})


def rank_passages(query: PreparedQuery) -> Ranked:
    """Return the passages of source texts holding any term, and the best, scored."""
    if not query.terms:
        return Ranked(Passage.objects.none(), Passage.objects.none())
    conditions = [holds(term) for term in query.terms]
    # An archived source is out of the lists, and so out of the search. The newest matches are
    # drawn from every passage (the plans measured), then the archived ones are dropped.
    passages = Passage.objects.exclude(source__in=Source.objects.archived().values("pk"))
    matches = passages.filter(holds(query.any_term))
    rows = (
        passages.filter(pk__in=_candidates(Passage.objects.all(), conditions))
        .annotate(**{SCORE: _score(query)})
        .select_related("source")
        .defer("source__text")
    )
    return Ranked(matches, rows)


def rank_evidence(evidence: QuerySet[Evidence], query: PreparedQuery) -> Ranked:
    """Return the evidence links whose excerpt or note holds any term, and the best, scored."""
    if not query.terms:
        return Ranked(evidence.none(), evidence.none())
    conditions = [holds(term) for term in query.terms]
    fields = _joined("excerpt", "note")
    rows = (
        Evidence.objects.filter(pk__in=_candidates(evidence, conditions))
        .annotate(**{SCORE: _score(query), SNIPPET: headline(fields, query)})
        .select_related("source")
        .defer("source__text")
    )
    return Ranked(evidence.filter(holds(query.any_term)), rows)
