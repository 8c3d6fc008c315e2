"""Write a claim set as CSV, JSON Lines or ClaimReview JSON-LD, streaming in bounded memory.

PostgreSQL writes every byte: CSV rows, and each claim's JSON text (see `jsonsql`), come out
of `COPY ... TO STDOUT` and go to the output CHUNK rows at a time, so memory stays flat
whatever the number of claims and Python only passes bytes along.
"""

import codecs
import io
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connections
from django.db.models import CharField, F, Func, QuerySet
from psycopg.abc import Buffer

from claims.access import claims_visible_to
from claims.filters import ClaimFilter
from claims.models import Claim
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


# The CSV and JSON Lines columns, in order: a name; an ORM path, or an expression the
# database formats (times, lists) so that rows come back as plain text and numbers; and
# how JSON Lines writes the value (bounds as strings, to keep their decimals exact).
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
    ("value_low", "value_low", Quoted),
    ("value_high", "value_high", Quoted),
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
HEADER = [name for name, _, _ in COLUMNS]
PATHS = [path for _, path, _ in COLUMNS]
CSV_PATHS = [JoinedText(F(p)) if p in {"kinds", "tags"} else p for p in PATHS]


def jsonl_object() -> JSONText:
    """Return one claim as the JSON text of a JSON Lines export, written by the database."""
    return Obj(*[(name, kind(path)) for name, path, kind in COLUMNS]).expression()


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
        return queryset.values_list(*PATHS)
    return claimreview_columns(queryset.published())


def export_rows(fmt: str, queryset: QuerySet[Claim]) -> QuerySet:
    """Return the rows the writer of this format reads: CSV columns, or one JSON text each."""
    if fmt == "csv":
        return queryset.values_list(*CSV_PATHS)
    if fmt == "jsonl":
        return queryset.values_list(jsonl_object(), flat=True)
    return claimreview_rows(queryset.published())


# COPY's CSV form with a quote and a delimiter that JSON text never holds (to_json escapes
# every control character) writes each JSON text exactly as it is, one a line. The text
# form would double every backslash.
AS_IS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


def _copy_batches(
    rows: QuerySet, options: str, progress: Progress | None
) -> Iterator[tuple[bytes, int]]:
    """Yield the rows of `COPY (rows) TO STDOUT` CHUNK at a time: UTF-8 bytes, row count.

    `progress` hears how many rows have gone by after each batch and once at the end. It
    runs while COPY holds the connection the rows come from, so it must use another one.
    """
    sql, params = rows.query.sql_with_params()
    done = 0
    with (
        connections[rows.db].cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH ({options})", params) as copy,
    ):
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


def write_csv(queryset: QuerySet[Claim], out: IO, progress: Progress | None = None) -> int:
    """Write the claims as CSV with a header row; return how many rows were written.

    PostgreSQL writes the CSV itself (COPY ... TO STDOUT): the columns are already text and
    numbers, so it produces exactly what Python's csv module would, several times faster.
    """
    write = _byte_writer(out)
    write((",".join(HEADER) + "\n").encode())  # the names need no quoting
    written = 0
    for data, count in _copy_batches(export_rows("csv", queryset), "FORMAT csv", progress):
        write(data)
        written += count
    return written


def write_jsonl(queryset: QuerySet[Claim], out: IO, progress: Progress | None = None) -> int:
    """Write one JSON object a line per claim; return how many were written."""
    write = _byte_writer(out)
    written = 0
    for data, count in _copy_batches(export_rows("jsonl", queryset), AS_IS, progress):
        write(data)
        written += count
    return written


def write_claimreview(queryset: QuerySet[Claim], out: IO, progress: Progress | None = None) -> int:
    """Write the approved claims as a JSON array of ClaimReview objects; return how many."""
    write = _byte_writer(out)
    written = 0
    write(b"[\n")
    for data, count in _copy_batches(export_rows("claimreview", queryset), AS_IS, progress):
        # One object a line: JSON text holds no line break, so each one ends an object.
        write((b",\n" if written else b"") + data[:-1].replace(b"\n", b",\n"))
        written += count
    write(b"\n]\n" if written else b"]\n")
    return written


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "claimreview": write_claimreview}


def write_export(
    fmt: str, queryset: QuerySet[Claim], out: IO, progress: Progress | None = None
) -> int:
    """Write the claims in the given format to a binary or text stream; return how many.

    `progress` runs while COPY holds the connection the rows come from: it must not use it.
    """
    return WRITERS[fmt](queryset, out, progress)
