"""Write a claim set as CSV, JSON Lines or ClaimReview JSON-LD, streaming in bounded memory.

Rows come from a server-side cursor CHUNK rows at a time and go straight to the output, so
memory stays flat whatever the number of claims; CSV comes straight from PostgreSQL's COPY.
"""

import codecs
import csv
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any, TextIO

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connections
from django.db.models import CharField, F, Func, QuerySet

from claims.access import claims_visible_to
from claims.exports.claimreview import claim_review, claimreview_rows
from claims.filters import ClaimFilter
from claims.models import Claim

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


# The CSV and JSON Lines columns, in order: an ORM path, or an expression the database
# formats (times, lists) so that rows come back as plain text and numbers.
COLUMNS = [
    ("id", "id"),
    ("source", "source_id"),
    ("source_title", "source__title"),
    ("source_url", "source__url"),
    ("start", "start"),
    ("end", "end"),
    ("quote", "quote"),
    ("kinds", "kinds"),
    ("speaker", "speaker"),
    ("statement", "statement"),
    ("status", "status"),
    ("rating", "rating"),
    ("rationale", "rationale"),
    ("correction_note", "correction_note"),
    ("tags", "tags"),
    ("quantity_text", "quantity_text"),
    ("value_low", "value_low"),
    ("value_high", "value_high"),
    ("qualifier", "qualifier"),
    ("unit", "unit"),
    ("period", "period"),
    ("place", "place"),
    ("attributed_to", "attributed_to"),
    ("attribution_verb", "attribution_verb"),
    ("attributed_content", "attributed_content"),
    ("attribution_status", "attribution_status"),
    ("assignee", "assignee__username"),
    ("created_at", UTCTimeText(F("created_at"))),
    ("updated_at", UTCTimeText(F("updated_at"))),
    ("approved_at", UTCTimeText(F("approved_at"))),
    ("version", "version"),
]
HEADER = [name for name, _ in COLUMNS]
PATHS = [path for _, path in COLUMNS]
CSV_PATHS = [JoinedText(F(p)) if p in {"kinds", "tags"} else p for p in PATHS]

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
    return claim_filter.qs.order_by("id")


def export_rows(fmt: str, queryset: QuerySet[Claim]) -> QuerySet:
    """Return the rows the writer of this format reads: only the columns it writes."""
    if fmt == "csv":
        return queryset.values_list(*CSV_PATHS)
    if fmt == "jsonl":
        return queryset.values_list(*PATHS)
    return claimreview_rows(queryset.published())


def _batches(rows: Iterable[Any], progress: Progress | None) -> Iterator[list[Any]]:
    """Yield rows CHUNK at a time, reporting how many have gone by after each batch."""
    rows = iter(rows)
    done = 0
    while batch := list(islice(rows, CHUNK)):
        yield batch
        done += len(batch)
        if progress:
            progress(done)
    if progress and not done:
        progress(0)


def write_csv(queryset: QuerySet[Claim], out: TextIO, progress: Progress | None = None) -> int:
    """Write the claims as CSV with a header row; return how many rows were written.

    PostgreSQL writes the CSV itself (COPY ... TO STDOUT): the columns are already text and
    numbers, so it produces exactly what Python's csv module would, several times faster.
    """
    csv.writer(out, lineterminator="\n").writerow(HEADER)
    rows = export_rows("csv", queryset)
    sql, params = rows.query.sql_with_params()
    decoder = codecs.getincrementaldecoder("utf-8")()
    written = reported = 0
    in_quotes = False
    with (
        connections[rows.db].cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        for block in copy:
            text = decoder.decode(block)
            # A record ends at a line break outside quotes (quoted fields may hold breaks).
            for index, part in enumerate(text.split('"')):
                in_quotes ^= index > 0
                if not in_quotes:
                    written += part.count("\n")
            out.write(text)
            if progress and written - reported >= CHUNK:
                progress(reported := written)
    out.write(decoder.decode(b"", final=True))
    if progress:
        progress(written)
    return written


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(queryset: QuerySet[Claim], out: TextIO, progress: Progress | None = None) -> int:
    """Write one JSON object a line per claim; return how many were written."""
    written = 0
    rows = export_rows("jsonl", queryset).iterator(chunk_size=CHUNK)
    dumps = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    for batch in _batches(rows, progress):
        out.write("".join([dumps(dict(zip(HEADER, row, strict=True))) + "\n" for row in batch]))
        written += len(batch)
    return written


def write_claimreview(
    queryset: QuerySet[Claim], out: TextIO, progress: Progress | None = None
) -> int:
    """Write the approved claims as a JSON array of ClaimReview objects; return how many."""
    written = 0
    rows = export_rows("claimreview", queryset)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    out.write("[")
    for batch in _batches(rows.iterator(chunk_size=CHUNK), progress):
        out.write(",\n" if written else "\n")
        out.write(",\n".join([dumps(claim_review(row)) for row in batch]))
        written += len(batch)
    out.write("\n]\n")
    return written


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "claimreview": write_claimreview}


def write_export(
    fmt: str, queryset: QuerySet[Claim], out: TextIO, progress: Progress | None = None
) -> int:
    """Write the claims in the given format; return how many were written."""
    return WRITERS[fmt](queryset, out, progress)
