"""`extract_claims` as a user runs it: JSON lines or a table, and one-line errors with exit 2."""

import json
from pathlib import Path

import pytest

from claims.models import Claim
from sources.importing import import_text
from tests.cli import manage
from tests.extraction.conftest import DEMO_PATH, GRANARY_PATH


def test_extract_claims_from_a_file_prints_one_json_object_a_line(committed):
    text = GRANARY_PATH.read_text(encoding="utf-8")

    result = manage("extract_claims", "--file", str(GRANARY_PATH))

    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) >= 15
    for row in rows:
        assert row["quote"] == text[row["start"] : row["end"]]
        assert set(row["kinds"]) <= {"quantitative", "attributive"} and row["kinds"]
    kitchens = next(r for r in rows if r["quantity_text"] == "Dozens")
    assert (kitchens["value_low"], kitchens["value_high"]) == (24, 99)
    assert kitchens["credited_to"] == "the Red Lantern Society"
    assert kitchens["attributed_to"] == ""  # support is credit: nobody is quoted
    assert f"{len(rows)} candidate claims" in result.stderr
    assert Claim.objects.count() == 0  # reading a file stores nothing


def test_extract_claims_for_a_stored_source_uses_its_passages(committed):
    source = import_text(DEMO_PATH.read_text(encoding="utf-8"), title="Demo", kind="interview")

    result = manage("extract_claims", str(source.source.pk))

    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["speaker"] for r in rows} == {"Lakeside Courier", "Mara Veltin"}
    assert all(r["quote"] == source.source.text[r["start"] : r["end"]] for r in rows)


def test_extract_claims_table_lists_span_figure_and_quote(committed):
    result = manage("extract_claims", "--file", str(DEMO_PATH), "--format", "table")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["span", "kinds", "figure"]
    schools = next(line for line in lines if "destroyed 14 schools" in line)
    assert "14 [14..14]" in schools and schools.split()[1] == "Q"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "args, message",
    [
        (lambda d: ["--file", str(d / "missing.txt")], "no such file"),
        (lambda d: ["--file", str(_write(d / "a.png", b"\x89PNG\r\n\x1a\n\x00\x00"))], "binary"),
        (lambda d: ["--file", str(_write(d / "l.txt", "Caf\xe9 14".encode("latin-1")))], "UTF-8"),
        (lambda d: ["--file", str(_write(d / "e.txt", b"  \n"))], "is empty"),
        (lambda d: ["987654"], "no source with id 987654"),
        (lambda d: ["twelve"], "must be a number"),
        (lambda d: [], "either a SOURCE_ID or --file"),
        (lambda d: ["1", "--file", str(DEMO_PATH)], "either a SOURCE_ID or --file"),
        (lambda d: ["--file", str(DEMO_PATH), "--format", "xml"], "invalid choice"),
    ],
    ids=["missing", "binary", "invalid-utf8", "empty", "unknown-id", "bad-id", "neither",
         "both", "bad-format"],
)  # fmt: skip
def test_extract_claims_bad_input_is_one_line_and_exit_2(committed, tmp_path, args, message):
    result = manage("extract_claims", *args(tmp_path))

    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert result.stdout == ""
    assert Claim.objects.count() == 0
