"""Find the few dozen earlier claims worth scoring, in one query whatever the desk's size.

A trigram search over every recorded quote reads posting lists as long as the table for
the trigrams all texts share (" th", "the", "in "), which at a million claims takes most of
a second. Instead each way in reads only what is rare, through an index of its own over
recorded claims (migration 0011), and stops at a LIMIT:

- words: the probe's stemmed words (`claims_match_words`, full-text with `unaccent`),
  rarest first by PostgreSQL's own statistics of that index, as many as fit a budget of
  postings; claims holding any of them, ranked by how many of them they hold (`ts_rank` of
  the stripped words, so a statement repeating its quote counts each word once). Rare words
  are what two wordings of one claim share (Kidal, MINUSMA, Imouraren) and what costs little
  to look up.
- place: the same place and unit, with overlapping bounds;
- figure: the same unit and the same bounds, whatever the place;
- attribution: the latest claims attributed to the same person or body.

Only recorded claims are searched (open, in research, in review, approved): a candidate is
the extractor's proposal nobody has checked, and a dismissed one was judged not worth
checking, so neither answers "has this been checked before?" (and together they are three
quarters of a desk's claims).
"""

from dataclasses import dataclass
from decimal import Decimal

from claims.models import MATCHABLE_STATUSES, Claim

WORDS_LIMIT, PLACE_LIMIT, FIGURE_LIMIT, ATTRIBUTION_LIMIT = 30, 20, 15, 10
# Postings the words way may read, as PostgreSQL's statistics estimate them: the rarest
# words are taken first until their estimated claims add up to this.
WORD_BUDGET = 800
WORDS_INDEX = "claim_similar_words"
WORDS = "claims_match_words(c.quote, c.statement)"


@dataclass(frozen=True)
class Probe:
    """What the earlier claims are looked up by."""

    text: str
    statement: str = ""
    place: str = ""
    unit: str = ""
    low: Decimal | None = None
    high: Decimal | None = None
    attributed_to: str = ""
    before: int | None = None  # only claims recorded before this id
    span: tuple[int, int, int] | None = None  # never claims over (source, start, end)
    approved_only: bool = False  # precedent: only claims with a published verdict


def candidate_ids(probe: Probe) -> tuple[str, list]:
    """Return SQL selecting the ids of the claims worth scoring against probe, and its params."""
    common, common_params = _common(probe)
    parts: list[str] = []
    params: list = []

    parts.append(
        f"""(WITH lexemes AS (
            SELECT DISTINCT lexeme
            FROM unnest(tsvector_to_array(claims_match_words(%s, %s))) AS lexeme
        ), stats AS (
            SELECT s.lexeme, s.freq
            FROM pg_stats st,
                 unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs)
                     AS s(lexeme, freq)
            WHERE st.schemaname = current_schema() AND st.tablename = %s
              AND s.lexeme IS NOT NULL
        ), indexed AS (
            SELECT greatest(reltuples, 0) AS n FROM pg_class
            WHERE relname = %s AND relnamespace = current_schema()::regnamespace
        ), estimated AS (
            SELECT l.lexeme,
                   coalesce(s.freq, (SELECT min(freq) FROM stats) / 2, 0)
                   * coalesce((SELECT n FROM indexed), 0) AS claims
            FROM lexemes l LEFT JOIN stats s USING (lexeme)
        ), chosen AS (
            SELECT lexeme FROM (
                SELECT lexeme, sum(claims) OVER (ORDER BY claims, lexeme) AS running
                FROM estimated
            ) e WHERE running <= %s
        ), query AS (
            SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM chosen
        )
        SELECT c.id FROM claims_claim c, query
        WHERE {WORDS} @@ query.q AND {common}
        ORDER BY ts_rank(strip({WORDS}), query.q) DESC, c.id DESC
        LIMIT {WORDS_LIMIT})"""
    )
    params += [probe.text, probe.statement, WORDS_INDEX, WORDS_INDEX, WORD_BUDGET]
    params += common_params

    if probe.place and probe.unit:
        parts.append(
            f"""(SELECT c.id FROM claims_claim c
            WHERE c.place <> '' AND claims_match_key(c.place) = claims_match_key(%s)
              AND claims_match_unit(c.unit) = claims_match_unit(%s)
              AND coalesce(c.value_low, '-Infinity') <= %s
              AND coalesce(c.value_high, 'Infinity') >= %s
              AND {common}
            ORDER BY c.id DESC LIMIT {PLACE_LIMIT})"""
        )
        high = probe.high if probe.high is not None else Decimal("Infinity")
        low = probe.low if probe.low is not None else Decimal("-Infinity")
        params += [probe.place, probe.unit, high, low, *common_params]

    if probe.unit and (probe.low is not None or probe.high is not None):
        bounds = " AND ".join(
            f"c.{column} = %s" if value is not None else f"c.{column} IS NULL"
            for column, value in (("value_low", probe.low), ("value_high", probe.high))
        )
        parts.append(
            f"""(SELECT c.id FROM claims_claim c
            WHERE c.unit <> '' AND claims_match_unit(c.unit) = claims_match_unit(%s)
              AND {bounds} AND {common}
            ORDER BY c.id DESC LIMIT {FIGURE_LIMIT})"""
        )
        params += [probe.unit, *(v for v in (probe.low, probe.high) if v is not None)]
        params += common_params

    if probe.attributed_to:
        parts.append(
            f"""(SELECT c.id FROM claims_claim c
            WHERE c.attributed_to <> ''
              AND claims_match_key(c.attributed_to) = claims_match_key(%s) AND {common}
            ORDER BY c.id DESC LIMIT {ATTRIBUTION_LIMIT})"""
        )
        params += [probe.attributed_to, *common_params]

    return "SELECT found.id FROM (" + " UNION ALL ".join(parts) + ") AS found", params


def _common(probe: Probe) -> tuple[str, list]:
    """Return the conditions every way in shares: recorded, earlier, not over the same words.

    Earlier is a lower id: recorded on the desk before (ids are handed out in that order),
    which lets each index be read backwards from the probe's id.
    """
    wanted = [Claim.Status.APPROVED] if probe.approved_only else MATCHABLE_STATUSES
    conditions = [f"c.status IN ({', '.join(['%s'] * len(wanted))})"]
    params: list = [str(status) for status in wanted]
    if probe.before is not None:
        conditions.append("c.id < %s")
        params.append(probe.before)
    if probe.span is not None:
        conditions.append('NOT (c.source_id = %s AND c.start < %s AND c."end" > %s)')
        source, start, end = probe.span
        params += [source, end, start]
    return " AND ".join(conditions), params
