"""Write a claim set as CSV, JSON Lines or ClaimReview JSON-LD, streaming in bounded memory.

PostgreSQL writes every byte: CSV rows, and each claim's JSON text (see `jsonsql`), come out
of `COPY ... TO STDOUT` and go to the output CHUNK rows at a time, so memory stays flat
whatever the number of claims and Python only passes bytes along.
"""

import codecs
import io
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.postgres.aggregates import StringAgg
from django.db import connections, transaction
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    Expression,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from psycopg.abc import Buffer

from claims.access import claims_visible_to
from claims.filters import ClaimFilter, claim_filter_names
from claims.models import Claim, Evidence
from claims.publishing.claimreview import claimreview_columns, claimreview_rows
from claims.publishing.jsonsql import Escaped, JSONText, Number, Obj, Quoted

CHUNK = 2000
FORMATS = ("csv", "jsonl", "claimreview")
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "claimreview": "json"}
CONTENT_TYPES = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "claimreview": "application/ld+json",
}


class UTCTimeText(Func):
    """A moment as ISO 8601 in UTC, formatted by the database."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    output_field = CharField()


class JoinedText(Func):
    """A text array as one string, items separated by ';'."""

    template = "array_to_string(%(expressions)s, ';')"
    output_field = CharField()


class TrimScale(Func):
    """A decimal without its trailing zeros: 900.0000 is 900, 2.5000 is 2.5 (exact still)."""

    function = "trim_scale"
    output_field = DecimalField()


def _figures(function: str, output_field) -> Func:
    """Return the claim's figure beside the link's, compared by the database (migration 0015)."""
    return Func(
        OuterRef("value_low"),
        OuterRef("value_high"),
        OuterRef("unit"),
        F("figure_low"),
        F("figure_high"),
        F("figure_unit"),
        function=function,
        output_field=output_field,
    )


# One evidence link in JSON Lines: what the API's evidence carries, the figures compared.
EVIDENCE = Obj(
    ("id", Number("id")),
    ("source", Number("source_id")),
    ("source_title", Escaped("source__title")),
    ("source_url", Escaped("source__url")),
    ("stance", Quoted("stance")),
    ("excerpt", Escaped("excerpt")),
    ("locator", Escaped("locator")),
    ("source_figure", Escaped("source_figure")),
    ("figure_low", Number(TrimScale(F("figure_low")))),
    ("figure_high", Number(TrimScale(F("figure_high")))),
    ("figure_relation", Quoted(_figures("claimdesk_figure_relation", TextField()))),
    ("figure_ratio", Number(_figures("claimdesk_figure_ratio", DecimalField()))),
    ("credibility", Number("credibility")),
    ("note", Escaped("note")),
)


STANCES = Evidence.Stance.values
COUNT_NAMES = [f"evidence_{stance}" for stance in STANCES]
NO_EVIDENCE = "".join(f'"{name}":0,' for name in COUNT_NAMES) + '"evidence":[]'


def evidence_members() -> Coalesce:
    """Return a claim's evidence counts by stance and its links, as JSON members.

    One subquery a claim (counting and listing in the same pass over its links), giving
    `"evidence_supports":2,...,"evidence":[{...},...]`; a claim without links gets zeros.
    """
    counts = []
    for name, stance in zip(COUNT_NAMES, STANCES, strict=True):
        counts += [f'"{name}":', Number(Count("id", filter=Q(stance=stance))), ","]
    links = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(
            members=JSONText(
                *counts,
                '"evidence":[',
                StringAgg(EVIDENCE.expression(), delimiter=",", order_by=("stance", "id")),
                "]",
            )
        )
        .values("members")
    )
    return Coalesce(Subquery(links, output_field=TextField()), Value(NO_EVIDENCE))


def csv_statement(queryset: QuerySet[Claim]) -> tuple[str, tuple]:
    """Return the SQL of the CSV rows: the claim columns, then the evidence counts by stance.

    The counts come from one pass over the evidence grouped by claim, merge-joined on the
    claim's id (both in id order): a subquery per claim and stance would cost more than all
    the other columns together. Free-text cells are formula-safe (SAFE_CSV_PATHS).
    """
    columns = queryset.values(**{f"c{i}": _column(p) for i, p in enumerate(SAFE_CSV_PATHS)})
    sql, params = columns.query.sql_with_params()
    table = connections[queryset.db].ops.quote_name(Evidence._meta.db_table)
    counted = ", ".join(f"count(*) FILTER (WHERE stance = %s) AS n{i}" for i in range(len(STANCES)))
    names = ", ".join(f"t.c{i}" for i in range(len(CSV_PATHS)))
    zeros = ", ".join(f"coalesce(ev.n{i}, 0)" for i in range(len(STANCES)))
    return (
        f"SELECT {names}, {zeros} FROM ({sql}) AS t LEFT JOIN "
        f"(SELECT claim_id, {counted} FROM {table} GROUP BY claim_id) AS ev "
        "ON ev.claim_id = t.c0 ORDER BY t.c0",
        (*params, *STANCES),
    )


def _column(path: str | Expression) -> Expression:
    return F(path) if isinstance(path, str) else path


# The CSV and JSON Lines columns, in order: a name; an ORM path, or an expression the
# database formats (times, lists, decimals as written) so that rows come back as plain text
# and numbers; and how JSON Lines writes the value.
COLUMNS = [
    ("id", "id", Number),
    ("source", "source_id", Number),
    ("source_title", "source__title", Escaped),
    ("source_url", "source__url", Escaped),
    ("start", "start", Number),
    ("end", "end", Number),
    ("quote", "quote", Escaped),
    ("kinds", "kinds", Escaped),
    ("speaker", "speaker", Escaped),
    ("statement", "statement", Escaped),
    ("status", "status", Quoted),  # enumerations the database checks
    ("rating", "rating", Quoted),
    ("rationale", "rationale", Escaped),
    ("correction_note", "correction_note", Escaped),
    ("tags", "tags", Escaped),
    ("quantity_text", "quantity_text", Escaped),
    ("value_low", TrimScale(F("value_low")), Number),
    ("value_high", TrimScale(F("value_high")), Number),
    ("qualifier", "qualifier", Escaped),
    ("unit", "unit", Escaped),
    ("period", "period", Escaped),
    ("place", "place", Escaped),
    ("attributed_to", "attributed_to", Escaped),
    ("attribution_verb", "attribution_verb", Escaped),
    ("attributed_content", "attributed_content", Escaped),
    ("attribution_status", "attribution_status", Quoted),
    ("assignee", "assignee__username", Escaped),
    ("created_at", UTCTimeText(F("created_at")), Quoted),
    ("updated_at", UTCTimeText(F("updated_at")), Quoted),
    ("approved_at", UTCTimeText(F("approved_at")), Quoted),
    ("version", "version", Number),
]


class FormulaSafe(Func):
    """Text a spreadsheet will not run as a formula (OWASP's rule against CSV injection).

    A value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
    single quote. The database does it in the statement COPY streams, so CSV stays one pass;
    testing the first character's code costs a fraction of a regular expression. Each of
    those characters comes before the letters, so one comparison settles a cell starting
    with a letter (most do) before the list is tried.
    """

    output_field = CharField()
    FIRST = "=+-@\t\r"
    FIRST_CODES = ", ".join(str(ord(c)) for c in FIRST)
    LAST_CODE = max(map(ord, FIRST))

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, tuple]:
        sql, params = compiler.compile(self.source_expressions[0])
        test = f"ascii({sql}) <= {self.LAST_CODE} AND ascii({sql}) IN ({self.FIRST_CODES})"
        return (
            f"CASE WHEN {test} THEN '''' || {sql} ELSE {sql} END",
            (*params, *params, *params, *params),
        )


# CSV and JSON Lines end each claim with its evidence counts by stance (and JSON Lines with
# the links themselves).
HEADER = [name for name, _, _ in COLUMNS] + COUNT_NAMES
PATHS = [path for _, path, _ in COLUMNS]
CSV_PATHS = [JoinedText(F(p)) if p in {"kinds", "tags"} else p for p in PATHS]
# Lists of an enumeration the database checks (claim_kinds_valid): no user text in them.
ENUM_LISTS = {"kinds"}
# The CSV export's columns: every free-text one formula-safe. Numbers, times and the
# enumerations the database checks are left alone (a negative bound stays a number): each
# test costs about as much as writing the cell, so none is spent where no text can be.
SAFE_CSV_PATHS = [
    FormulaSafe(_column(csv_path)) if kind is Escaped and path not in ENUM_LISTS else csv_path
    for (_, path, kind), csv_path in zip(COLUMNS, CSV_PATHS, strict=True)
]


def jsonl_object() -> JSONText:
    """Return one claim as the JSON text of a JSON Lines export, written by the database."""
    members = [(name, kind(path)) for name, path, kind in COLUMNS]
    return JSONText(*Obj(*members).pieces()[:-1], ",", evidence_members(), "}")


Progress = Callable[[int], None]


class ExportProblem(ValueError):
    """The export was asked for with a bad format or bad filters."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def filter_data(filters: dict[str, Any]) -> dict[str, Any]:
    """Return filters as the claim filter's form reads them (single values become lists)."""
    multiple = {"status", "rating"}
    return {
        key: [value] if key in multiple and not isinstance(value, list) else value
        for key, value in (filters or {}).items()
    }


def export_filters(params: Any) -> dict[str, Any]:
    """Return the claim filters in a page's query (a QueryDict): what the list shows."""
    multiple = {"status", "rating"}
    filters: dict[str, Any] = {}
    for key in claim_filter_names():  # an export is in id order whatever the list's sort
        values = [v for v in params.getlist(key) if v != ""]
        if values:
            filters[key] = values if key in multiple else values[-1]
    return filters


def export_queryset(
    fmt: str,
    filters: dict[str, Any],
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> QuerySet[Claim]:
    """Return the claims to export, as the user may see them (all of them when user is None)."""
    if fmt not in FORMATS:
        raise ExportProblem({"format": [f"Choose one of {', '.join(FORMATS)}."]})
    unknown = set(filters or {}) - set(ClaimFilter.base_filters)
    if unknown:
        raise ExportProblem({"filters": [f"Unknown filter {', '.join(sorted(unknown))}."]})
    base = Claim.objects.all() if user is None else claims_visible_to(user)
    if fmt == "claimreview":
        base = base.published()  # a ClaimReview is a published verdict
    claim_filter = ClaimFilter(filter_data(filters), queryset=base)
    if not claim_filter.is_valid():
        raise ExportProblem({k: list(v) for k, v in claim_filter.errors.items()})
    claims = claim_filter.qs
    if claim_filter.matches is not None:
        claims = claim_filter.matches  # a search lists its best matches; an export takes all
    return claims.order_by("id")


def plain_rows(fmt: str, queryset: QuerySet[Claim]) -> QuerySet:
    """Return the columns a format carries as plain values (the benchmark's yardstick)."""
    if fmt == "csv":
        return queryset.values_list(*CSV_PATHS)
    if fmt == "jsonl":
        return queryset.values_list(*PATHS, _evidence_rows())
    return claimreview_columns(queryset.published())


class RowText(Func):
    """Values as one PostgreSQL record, in its text form."""

    template = "ROW(%(expressions)s)::text"
    output_field = TextField()


def _evidence_rows() -> Subquery:
    """Return a claim's evidence links as plain records (the yardstick of JSON Lines)."""
    names = "id source_id source__title source__url stance excerpt locator source_figure"
    paths = [F(name) for name in f"{names} figure_low figure_high credibility note".split()]
    links = (
        Evidence.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(rows=StringAgg(RowText(*paths), delimiter=",", order_by=("stance", "id")))
        .values("rows")
    )
    return Subquery(links, output_field=TextField())


def export_rows(fmt: str, queryset: QuerySet[Claim], base_url: str = "") -> QuerySet:
    """Return the rows the writer of this format reads: CSV columns, or one JSON text each.

    The CSV writer adds each claim's evidence counts to these columns (`csv_statement`).
    `base_url` starts the absolute links (ClaimReview's `url`); blank: `site_url()`.
    """
    if fmt == "csv":
        return queryset.values_list(*SAFE_CSV_PATHS)
    if fmt == "jsonl":
        return queryset.values_list(jsonl_object(), flat=True)
    return claimreview_rows(queryset.published(), base_url)


# COPY's CSV form with a quote and a delimiter that JSON text never holds (to_json escapes
# every control character) writes each JSON text exactly as it is, one a line. The text
# form would double every backslash.
AS_IS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


def _copy_batches(
    rows: QuerySet | tuple[str, tuple],
    db: str,
    options: str,
    progress: Progress | None,
    serial: bool = False,
) -> Iterator[tuple[bytes, int]]:
    """Yield the rows of `COPY (rows) TO STDOUT` CHUNK at a time: UTF-8 bytes, row count.

    `progress` hears how many rows have gone by after each batch and once at the end. It
    runs while COPY holds the connection the rows come from, so it must use another one.
    `serial` plans the statement without parallel workers (for this statement only).
    """
    sql, params = rows if isinstance(rows, tuple) else rows.query.sql_with_params()
    done = 0
    # SET LOCAL lasts until the end of the transaction, so a serial COPY runs in one.
    with (
        transaction.atomic(using=db) if serial else nullcontext(),
        connections[db].cursor() as cursor,
    ):
        if serial:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH ({options})", params) as copy:
            batch: list[Buffer] = []
            # PostgreSQL sends one message a row (a CSV row may hold line breaks; JSON never).
            while row := copy.read():
                batch.append(row)
                if len(batch) == CHUNK:
                    yield b"".join(batch), CHUNK
                    done += CHUNK
                    batch.clear()
                    if progress:
                        progress(done)
            if batch:
                yield b"".join(batch), len(batch)
                done += len(batch)
    if progress:
        progress(done)


def _byte_writer(out: IO) -> Callable[[bytes], Any]:
    """Return a function writing UTF-8 bytes to `out`, a binary or a text stream."""
    if isinstance(out, io.BufferedIOBase | io.RawIOBase):
        return out.write
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or "ascii"
    if isinstance(buffer, io.BufferedIOBase) and codecs.lookup(encoding).name == "utf-8":
        out.flush()  # what was written as text goes first
        return buffer.write
    return lambda data: out.write(str(data, "utf-8"))


def write_csv(
    queryset: QuerySet[Claim], out: IO, progress: Progress | None = None, base_url: str = ""
) -> int:
    """Write the claims as CSV with a header row; return how many rows were written.

    PostgreSQL writes the CSV itself (COPY ... TO STDOUT): the columns are already text and
    numbers, so it produces exactly what Python's csv module would, several times faster.
    """
    write = _byte_writer(out)
    write((",".join(HEADER) + "\n").encode())  # the names need no quoting
    written = 0
    statement = csv_statement(queryset)
    # Without parallel workers: COPY formats and sends every row in the one process anyway,
    # and the ordered merge of the workers' rows costs more than their share of the scan
    # saves (most of all on a busy machine).
    batches = _copy_batches(statement, queryset.db, "FORMAT csv", progress, serial=True)
    for data, count in batches:
        write(data)
        written += count
    return written


def write_jsonl(
    queryset: QuerySet[Claim], out: IO, progress: Progress | None = None, base_url: str = ""
) -> int:
    """Write one JSON object a line per claim; return how many were written."""
    write = _byte_writer(out)
    written = 0
    rows = export_rows("jsonl", queryset)
    for data, count in _copy_batches(rows, queryset.db, AS_IS, progress):
        write(data)
        written += count
    return written


def write_claimreview(
    queryset: QuerySet[Claim], out: IO, progress: Progress | None = None, base_url: str = ""
) -> int:
    """Write the approved claims as a JSON array of ClaimReview objects; return how many."""
    write = _byte_writer(out)
    written = 0
    write(b"[\n")
    rows = export_rows("claimreview", queryset, base_url)
    for data, count in _copy_batches(rows, queryset.db, AS_IS, progress):
        # One object a line: JSON text holds no line break, so each one ends an object.
        write((b",\n" if written else b"") + data[:-1].replace(b"\n", b",\n"))
        written += count
    write(b"\n]\n" if written else b"]\n")
    return written


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "claimreview": write_claimreview}


def write_export(
    fmt: str,
    queryset: QuerySet[Claim],
    out: IO,
    progress: Progress | None = None,
    base_url: str = "",
) -> int:
    """Write the claims in the given format to a binary or text stream; return how many.

    `progress` runs while COPY holds the connection the rows come from: it must not use it.
    `base_url` starts the absolute links; blank: SITE_URL, or the fallback address.
    """
    return WRITERS[fmt](queryset, out, progress, base_url)
