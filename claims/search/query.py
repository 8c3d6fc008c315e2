"""Read what a person typed into the search box: words, names with their short forms, a figure.

"1000 militants surrendered in the CAR" becomes the figure 900..1100 militants (a bare
number is read as "about" it), the words "militants", "surrendered", and the name
"Central African Republic" (any of its forms: "CAR", "Central African Republic"). Then one
query asks PostgreSQL how its own parser and stemmer read each of them (so stop words drop
out) and, for a word no claim or evidence holds, which known words are spelt most like it
("milittants" -> "militants").
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from extraction.figures import unit_key
from extraction.quantities import find_periods, find_quantities, hedge_bounds

MAX_QUERY_CHARS = 200
MAX_TERMS = 12  # words past these are left out: the query stays one bounded statement
TEXT_CONFIG = "claimdesk"  # English stemming with accents removed (migration 0010)
# How alike a known word must be to a misspelt one to stand in for it (pg_trgm similarity),
# and how many may.
SIMILARITY = 0.45
CORRECTIONS = 3
MIN_CORRECTABLE = 4  # shorter words have too few trigrams to tell a typo from another word

# Country and organisation names with the short forms desks write them in. A short form in
# capitals ("CAR", "UK") stands for the name only when typed in capitals: "car" is a car.
ALIASES: list[tuple[str, ...]] = [
    ("Central African Republic", "CAR"),
    ("Democratic Republic of the Congo", "DRC", "DR Congo"),
    ("Republic of the Congo", "Congo-Brazzaville"),
    ("United Kingdom", "UK", "Britain", "Great Britain"),
    ("United States", "US", "USA", "United States of America"),
    ("United Arab Emirates", "UAE"),
    ("Russian Federation", "Russia"),
    ("Côte d'Ivoire", "Ivory Coast"),
    ("South Sudan",),
    ("Burkina Faso", "Burkina"),
    ("United Nations", "UN"),
    ("European Union", "EU"),
    ("African Union", "AU"),
    ("Economic Community of West African States", "ECOWAS"),
]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Figure:
    """A figure asked for: what it counts and the inclusive bounds it may take."""

    text: str
    unit_keys: tuple[str, ...]
    low: float
    high: float

    @property
    def middle(self) -> float | None:
        """Return the figure's middle (its one bound when open on the other side)."""
        bounds = [b for b in (self.low, self.high) if abs(b) != float("inf")]
        return sum(bounds) / len(bounds) if bounds else None


@dataclass(frozen=True)
class Term:
    """One thing asked for: a word or a name, and the forms that stand for it."""

    text: str
    forms: tuple[str, ...]
    correctable: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]
    figure: Figure | None = None


@dataclass(frozen=True)
class PreparedQuery:
    """A query read by PostgreSQL: each term as a tsquery (text form), and the whole."""

    text: str
    terms: tuple[str, ...]  # one tsquery a term, its forms and corrections OR-ed
    figure: Figure | None = None
    corrections: dict[str, list[str]] = field(default_factory=dict)

    @property
    def any_term(self) -> str:
        """Return the tsquery matching any term (empty when there is none)."""
        return " | ".join(f"( {term} )" for term in self.terms)

    @property
    def empty(self) -> bool:
        return not self.terms and self.figure is None


def parse(text: str) -> ParsedQuery:
    """Split a query into its figure, the names it holds and the rest of its words."""
    text = _SPACE.sub(" ", text).strip()
    rest, figure = _take_figure(text)
    terms: list[Term] = []
    for forms, start, end in _names(rest):
        terms.append(Term(rest[start:end], forms))
        rest = rest[:start] + " " * (end - start) + rest[end:]
    for word in _WORD.findall(rest):
        terms.append(Term(word, (word,), correctable=_correctable(word)))
    unique: dict[str, Term] = {}
    for term in terms:
        unique.setdefault(term.text.lower(), term)
    return ParsedQuery(text, tuple(list(unique.values())[:MAX_TERMS]), figure)


def _correctable(word: str) -> bool:
    return len(word) >= MIN_CORRECTABLE and word.isalpha()


def _take_figure(text: str) -> tuple[str, Figure | None]:
    """Return the text without its first counted figure's number, and that figure.

    The unit's words stay in the text: claims that count something else but mention them
    still match, ranked below those whose figure agrees.
    """
    for quantity in find_quantities(text, find_periods(text)):
        # "1000 militants CAR" reads the unit "militants CAR": any of its words may be
        # what the figure counts.
        keys = tuple(dict.fromkeys(k for w in quantity.unit.split() if (k := unit_key(w))))
        if quantity.kind == "trend" or not keys or (quantity.low is None and quantity.high is None):
            continue
        low, high = quantity.low, quantity.high
        if not quantity.qualifier and low is not None and low == high:
            # A bare number in a query is a round figure: "1000 militants" asks about a
            # thousand, and finds "almost a thousand" (900..999).
            low, high = hedge_bounds("about", low, whole=float(low).is_integer())
        figure = Figure(
            text[quantity.start : quantity.end],
            keys,
            float("-inf") if low is None else float(low),
            float("inf") if high is None else float(high),
        )
        blank = " " * (quantity.end - quantity.start)
        return text[: quantity.start] + blank + text[quantity.end :], figure
    return text, None


def _names(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    """Return each name of ALIASES found in text: (all its forms, start, end), in order."""
    found: list[tuple[tuple[str, ...], int, int]] = []
    taken: list[tuple[int, int]] = []
    candidates = sorted(
        ((forms, form) for forms in ALIASES for form in forms), key=lambda c: -len(c[1])
    )
    for forms, form in candidates:
        flags = 0 if _is_short_form(form) else re.IGNORECASE
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(form)}(?![\w'’-])", flags)
        for match in pattern.finditer(text):
            span = match.span()
            if not any(s < span[1] and span[0] < e for s, e in taken):
                taken.append(span)
                found.append((forms, *span))
    return sorted(found, key=lambda f: f[1])


def _is_short_form(form: str) -> bool:
    return form.isupper() and len(form) <= 6


# For each form of each term: how PostgreSQL reads it, and, for a word that no claim or
# evidence holds, the known words spelt most like it with how they read.
PREPARE_SQL = f"""
SELECT t.i, phraseto_tsquery('{TEXT_CONFIG}', t.form)::text, near.words, near.queries
FROM unnest(%s::int[], %s::text[], %s::boolean[]) AS t(i, form, correctable)
CROSS JOIN LATERAL (SELECT claimdesk_unaccent(lower(t.form)) AS key) AS k
LEFT JOIN LATERAL (
    SELECT array_agg(v.word ORDER BY v.rank) AS words,
           array_agg(phraseto_tsquery('{TEXT_CONFIG}', v.word)::text ORDER BY v.rank) AS queries
    FROM (
        SELECT w.word, row_number() OVER (ORDER BY similarity(w.word, k.key) DESC, w.word) AS rank
        FROM claims_searchword w
        WHERE t.correctable AND w.word %% k.key AND similarity(w.word, k.key) >= %s
          AND NOT EXISTS (SELECT 1 FROM claims_searchword known WHERE known.word = k.key)
        ORDER BY rank LIMIT {CORRECTIONS}
    ) AS v
) AS near ON true
ORDER BY t.i
"""


def prepare(parsed: ParsedQuery) -> PreparedQuery:
    """Ask PostgreSQL how it reads each term, and which known words a misspelt one may be.

    One query, whatever the number of terms. A term whose every form is a stop word
    ("the", "of") drops out.
    """
    rows = [
        (i, form, term.correctable) for i, term in enumerate(parsed.terms) for form in term.forms
    ]
    if not rows:
        return PreparedQuery(parsed.text, (), parsed.figure)
    with connection.cursor() as cursor:
        cursor.execute(
            PREPARE_SQL,
            [*map(list, zip(*rows, strict=True)), SIMILARITY],
        )
        fetched = cursor.fetchall()
    alternatives: dict[int, list[str]] = {}
    corrections: dict[str, list[str]] = {}
    for i, tsquery, words, corrected in fetched:
        forms = alternatives.setdefault(i, [])
        forms.extend(q for q in [tsquery, *(corrected or [])] if q and q not in forms)
        if words:
            corrections[parsed.terms[i].text] = list(words)
    terms = tuple(
        " | ".join(f"( {f} )" for f in alternatives[i])
        for i in sorted(alternatives)
        if alternatives[i]
    )
    return PreparedQuery(parsed.text, terms, parsed.figure, corrections)
