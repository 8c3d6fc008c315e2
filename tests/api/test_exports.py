"""Export jobs through the API and a real worker, the writers, and `export_claims`."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from rest_framework.exceptions import NotAuthenticated

from claims.exports import writers
from claims.exports.models import ExportJob
from claims.exports.tasks import run_export
from claims.exports.writers import CHUNK, HEADER, write_export
from tests.api.conftest import approve, token_client

URL = "/api/v1/exports/"


def _download(client, job_id: int) -> bytes:
    response = client.get(f"{URL}{job_id}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_export_job_writes_the_filtered_claims_as_csv(
    analyst_client, analyst, approved_claim, open_claim, source, django_capture_on_commit_callbacks
):
    from claims.workflow import record_claim

    record_claim(source, actor=analyst, start=0, end=12, kinds=["attributive"])
    with django_capture_on_commit_callbacks() as queued:
        response = analyst_client.post(
            URL, {"format": "csv", "filters": {"kind": "quantitative"}}, format="json"
        )
    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "queued" and response.json()["download_url"] is None
    assert len(queued) == 1  # the task is queued only once the job is committed
    job_id = response.json()["id"]
    assert run_export(job_id) == 1

    body = analyst_client.get(f"{URL}{job_id}/").json()
    assert (body["status"], body["total"], body["written"], body["progress"]) == ("done", 1, 1, 1.0)
    assert body["download_url"].endswith(f"/api/v1/exports/{job_id}/download/")
    rows = list(csv.DictReader(io.StringIO(_download(analyst_client, job_id).decode())))
    assert [int(r["id"]) for r in rows] == [approved_claim.pk]
    row = rows[0]
    assert list(row) == HEADER
    assert (row["kinds"], row["status"], row["rating"]) == (
        "quantitative",
        "approved",
        "mostly_true",
    )
    assert row["assignee"] == "ana" and row["approved_at"].endswith("Z")


def test_running_an_export_twice_changes_nothing(analyst, approved_claim):
    job = ExportJob.objects.create(format="jsonl", created_by=analyst)
    run_export(job.pk)
    job.refresh_from_db()
    path = Path(django_settings.MEDIA_ROOT) / job.file
    first = (path.read_bytes(), path.stat().st_mtime_ns, job.finished_at)
    run_export(job.pk)
    job.refresh_from_db()
    assert (path.read_bytes(), path.stat().st_mtime_ns, job.finished_at) == first
    [line] = first[0].decode().splitlines()
    record = json.loads(line)
    assert record["id"] == approved_claim.pk and record["kinds"] == ["quantitative"]
    assert record["value_low"] is None and record["tags"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"format": "xml"}, "format"),
        ({"format": "csv", "filters": {"status": "published"}}, "status"),
        ({"format": "csv", "filters": {"colour": "red"}}, "filters"),
        ({"format": "csv", "filters": "approved"}, "filters"),
    ],
)
def test_bad_export_request_is_400_naming_the_field(analyst_client, body, field):
    response = analyst_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ExportJob.objects.exists()


def test_members_see_only_their_own_export_jobs(analyst, analyst2, outsider_client, anon_client):
    job = ExportJob.objects.create(format="csv", created_by=analyst)
    other = token_client(analyst2)
    assert other.get(f"{URL}{job.pk}/").status_code == 404
    assert other.get(URL).json()["count"] == 0
    assert token_client(analyst).get(URL).json()["count"] == 1
    assert outsider_client.post(URL, {"format": "csv"}, format="json").status_code == 403
    anonymous = anon_client.get(URL)
    assert anonymous.status_code == 403  # session auth first: "not signed in" is 403
    assert anonymous.json() == {"detail": NotAuthenticated.default_detail}
    assert ExportJob.objects.count() == 1


def test_unfinished_export_has_no_download(analyst_client, analyst):
    job = ExportJob.objects.create(format="csv", created_by=analyst)
    assert analyst_client.get(f"{URL}{job.pk}/download/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_export_job_runs_on_a_real_worker(live_worker, settings, tmp_path):
    from claims.members import create_member
    from tests.factories import SourceFactory

    settings.MEDIA_ROOT = tmp_path / "worker-media"
    analyst = create_member("ana", "analyst", "correct-horse-battery-staple")
    reviewer = create_member("rev", "reviewer", "correct-horse-battery-staple")
    from claims.workflow import record_claim

    source = SourceFactory(text="The minister said that 14 children were freed near Bria.")
    claim = record_claim(
        source,
        actor=analyst,
        start=23,
        end=56,
        kinds=["quantitative"],
        statement="The minister says 14 children were freed.",
    )
    approve(claim, analyst, reviewer)
    response = token_client(analyst).post(URL, {"format": "claimreview"}, format="json")
    assert response.status_code == 202
    job = ExportJob.objects.get(pk=response.json()["id"])
    import time

    deadline = time.monotonic() + 30
    while job.status not in {"done", "failed"} and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == "done", job.error
    reviews = json.loads((tmp_path / "worker-media" / job.file).read_text())
    assert [r["claimReviewed"] for r in reviews] == [claim.statement]


def test_export_claims_command_writes_approved_claims(approved_claim, open_claim, tmp_path):
    out = tmp_path / "approved.csv"
    call_command("export_claims", "--format", "csv", "--status", "approved", "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [int(r["id"]) for r in rows] == [approved_claim.pk]
    reviews = tmp_path / "reviews.json"
    call_command("export_claims", "--format", "claimreview", "--out", str(reviews))
    [review] = json.loads(reviews.read_text())
    assert review["reviewRating"]["alternateName"] == "Mostly true"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml", "--out", "x"], "invalid choice"),
        (["--format", "csv", "--status", "published", "--out", "{tmp}/x.csv"], "status"),
        (["--format", "csv", "--out", "/nonexistent-dir/x.csv"], "cannot write"),
    ],
)
def test_export_claims_bad_input_is_one_line_and_exit_2(args, message, tmp_path, db):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = subprocess.run(
        [sys.executable, "manage.py", "export_claims", *args],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=_command_env(),
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not list(tmp_path.iterdir())


def _command_env() -> dict[str, str]:
    import os

    from django.db import connection

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url}


def test_csv_keeps_quotes_commas_line_breaks_and_accents_and_counts_each_record(db):
    from claims.exports.writers import export_queryset, write_csv
    from tests.factories import ClaimFactory

    tricky = 'He said "yes, twice",\nthen left; Ñamé — “quoted”'
    ClaimFactory(statement=tricky, tags=["CAR", "Niger"], value_low="900", value_high=None)
    ClaimFactory(statement="plain")
    out = io.StringIO()
    progress = []

    written = write_csv(export_queryset("csv", {}), out, progress.append)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows) == 2 and progress[-1] == 2
    first = next(r for r in rows if r["statement"] != "plain")
    assert first["statement"] == tricky
    assert first["tags"] == "CAR;Niger"
    assert (first["value_low"], first["value_high"]) == ("900", "")  # as written, no zeros


# --- past a progress step: every format, through a job and straight to a stream -----------

# The writers report progress every CHUNK rows; the tests shrink the step so that one row
# past it is cheap to write, and keep the real size for one job (the boundary is the same).
SMALL_CHUNK = 50
STEP = SMALL_CHUNK + 1  # one row past a progress step


@pytest.fixture(autouse=True)
def small_progress_step(request, monkeypatch):
    if "real_chunk" not in request.keywords:
        monkeypatch.setattr(writers, "CHUNK", SMALL_CHUNK)


def _bulk_claims(count: int, **fields) -> list[int]:
    """Write `count` claims in one statement; return their ids in order."""
    from claims.models import Claim
    from tests.factories import SourceFactory

    source = SourceFactory(url="https://news.example.org/a", published_at="2025-01-20")
    claims = Claim.objects.bulk_create(
        Claim(
            source=source,
            start=i,
            end=i + 1,
            quote=f"quote {i}",
            kinds=["quantitative"],
            statement=f'Claim {i} said "{i}"\n',
            tags=["CAR"],
            value_low="0.5",
            **fields,
        )
        for i in range(count)
    )
    return [c.pk for c in claims]


def _approved_fields() -> dict:
    from django.utils import timezone

    return {"status": "approved", "rating": "true", "approved_at": timezone.now()}


def _records(fmt: str, body: bytes) -> list:
    """Parse an export file, failing on any record that is not whole and valid."""
    text = body.decode("utf-8")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "jsonl":
        assert text.endswith("\n") or not text
        return [json.loads(line) for line in text.split("\n")[:-1]]
    return json.loads(text)


def _ids(fmt: str, records: list) -> list[int]:
    if fmt == "claimreview":
        return [int(r["url"].rstrip("/").rsplit("/", 1)[1]) for r in records]
    return [int(r["id"]) for r in records]


@pytest.mark.real_chunk
def test_csv_job_one_row_past_a_full_progress_step_finishes(analyst, analyst_client):
    """Progress saved while COPY streams a CSV once blocked the job for good past 2,000 rows."""
    ids = _bulk_claims(CHUNK + 1, **_approved_fields())
    job = ExportJob.objects.create(format="csv", created_by=analyst)

    assert run_export(job.pk) == CHUNK + 1

    job.refresh_from_db()
    assert (job.status, job.written) == ("done", CHUNK + 1)
    assert _ids("csv", _records("csv", _download(analyst_client, job.pk))) == ids


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
def test_export_job_one_row_past_a_progress_step_finishes_complete(fmt, analyst, analyst_client):
    ids = _bulk_claims(STEP, **_approved_fields())
    job = ExportJob.objects.create(format=fmt, created_by=analyst)

    assert run_export(job.pk) == STEP

    job.refresh_from_db()
    assert (job.status, job.total, job.written) == ("done", STEP, STEP)
    records = _records(fmt, _download(analyst_client, job.pk))
    assert _ids(fmt, records) == ids


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
@pytest.mark.django_db(transaction=True)
def test_export_job_progress_is_recorded_while_rows_stream(fmt, monkeypatch, settings, tmp_path):
    """The job row shows each progress step while COPY still holds the export's connection."""
    from django.db import connections

    from claims.exports import jobs
    from claims.members import create_member

    settings.MEDIA_ROOT = tmp_path / "media"
    analyst = create_member("ana", "analyst", "correct-horse-battery-staple")
    _bulk_claims(STEP, **_approved_fields())
    job = ExportJob.objects.create(format=fmt, created_by=analyst)
    observer = connections.create_connection("default")
    seen = []

    def write_and_watch(fmt, queryset, out, progress, base_url=""):
        def watched(count: int) -> None:
            progress(count)
            with observer.cursor() as cursor:
                cursor.execute("SELECT written FROM claims_exportjob WHERE id = %s", [job.pk])
                seen.append((count, cursor.fetchone()[0]))

        return write_export(fmt, queryset, out, watched, base_url=base_url)

    monkeypatch.setattr(jobs, "write_export", write_and_watch)
    try:
        assert run_export(job.pk) == STEP
    finally:
        observer.close()
    assert seen == [(SMALL_CHUNK, SMALL_CHUNK), (STEP, STEP)]
    job.refresh_from_db()
    assert (job.status, job.written) == ("done", STEP)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
@pytest.mark.parametrize("stream", ["bytes", "text file", "string"])
def test_writers_stream_one_row_past_a_progress_step_to_any_stream(fmt, stream, db, tmp_path):
    from claims.exports.writers import export_queryset

    ids = _bulk_claims(STEP, **_approved_fields())
    progress = []
    queryset = export_queryset(fmt, {})
    if stream == "bytes":
        out = io.BytesIO()
        written = write_export(fmt, queryset, out, progress.append)
        body = out.getvalue()
    elif stream == "text file":
        path = tmp_path / "export"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write("")  # text already written goes first
            written = write_export(fmt, queryset, handle, progress.append)
        body = path.read_bytes()
    else:
        out = io.StringIO()
        written = write_export(fmt, queryset, out, progress.append)
        body = out.getvalue().encode()

    records = _records(fmt, body)
    assert written == len(records) == STEP and _ids(fmt, records) == ids
    assert progress == [SMALL_CHUNK, STEP]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "claimreview"])
def test_empty_export_is_valid(fmt, db):
    from claims.exports.writers import export_queryset

    out = io.BytesIO()
    progress = []
    assert write_export(fmt, export_queryset(fmt, {}), out, progress.append) == 0
    assert _records(fmt, out.getvalue()) == [] and progress == [0]


def test_jsonl_keeps_every_value_as_recorded(db, analyst):
    from datetime import UTC
    from decimal import Decimal

    from django.utils import timezone

    from claims.exports.writers import export_queryset
    from claims.models import Claim
    from tests.factories import ClaimFactory, SourceFactory

    tricky = 'He said "yes",\n\tthen \\ left; Ñamé — “quoted” 😀 \x01\x1f\x7f \u2028 =1+2'
    source = SourceFactory(title=tricky, url="")
    claim = ClaimFactory(
        source=source,
        statement=tricky,
        speaker=tricky,
        tags=["CAR", tricky],
        kinds=["quantitative", "attributive"],
        value_low=Decimal("-12.5"),
        value_high=Decimal("123456789012345.1234"),
        status="approved",
        rating="unverifiable",
        approved_at=timezone.now(),
        assignee=analyst,
    )
    plain = ClaimFactory(tags=[], value_low=None, value_high=None)
    out = io.BytesIO()
    write_export("jsonl", export_queryset("jsonl", {}), out)

    # Lines end at "\n" only: str.splitlines() would also split at the U+2028 inside a value.
    lines = out.getvalue().decode().split("\n")[:-1]
    first, second = (json.loads(line, parse_float=Decimal) for line in lines)
    assert list(first) == [*HEADER, "evidence"]
    claim = Claim.objects.get(pk=claim.pk)
    assert first["id"] == claim.pk and first["source"] == source.pk
    assert first["statement"] == first["speaker"] == first["source_title"] == tricky
    assert first["tags"] == claim.tags and claim.tags[1].startswith(tricky[:40])
    assert first["kinds"] == ["quantitative", "attributive"]
    # Numbers as written: exact, without the column's trailing zeros.
    assert '"value_low":-12.5,"value_high":123456789012345.1234,' in lines[0]
    assert (first["value_low"], first["value_high"]) == (
        Decimal("-12.5"),
        Decimal("123456789012345.1234"),
    )
    assert (first["status"], first["rating"], first["assignee"]) == (
        "approved",
        "unverifiable",
        analyst.username,
    )
    assert first["approved_at"] == claim.approved_at.astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ"
    )
    assert first["source_url"] == "" and first["version"] == claim.version
    assert (second["id"], second["tags"], second["value_low"], second["assignee"]) == (
        plain.pk,
        [],
        None,
        None,
    )
    assert second["approved_at"] is None and isinstance(second["start"], int)


# --- formulas: a spreadsheet never runs a cell of the CSV -----------------------------------

FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tx=1", "\r=2"]


def test_csv_neutralises_cells_a_spreadsheet_would_run_and_json_lines_keeps_them(db):
    from claims.exports.writers import export_queryset, write_csv, write_jsonl
    from tests.factories import ClaimFactory

    for formula in FORMULAS:
        ClaimFactory(
            statement=formula,
            speaker=formula,
            tags=[formula, "CAR"],
            rationale="a=b, no formula",
            value_low="-5",
            value_high="-1",
        )
    csv_out, jsonl_out = io.StringIO(), io.StringIO()

    write_csv(export_queryset("csv", {}), csv_out)
    write_jsonl(export_queryset("jsonl", {}), jsonl_out)

    rows = list(csv.DictReader(io.StringIO(csv_out.getvalue(), newline="")))
    assert sorted(r["statement"] for r in rows) == sorted("'" + f for f in FORMULAS)
    assert all(r["speaker"] == r["statement"] for r in rows)
    assert sorted(r["tags"] for r in rows) == sorted(f"'{f};CAR" for f in FORMULAS)
    assert {r["rationale"] for r in rows} == {"a=b, no formula"}
    assert {(r["value_low"], r["value_high"]) for r in rows} == {("-5", "-1")}
    objects = [json.loads(line) for line in jsonl_out.getvalue().splitlines()]
    assert sorted(o["statement"] for o in objects) == sorted(FORMULAS)
    assert sorted(o["tags"][0] for o in objects) == sorted(FORMULAS)


def test_csv_export_leaves_the_parallel_workers_setting_of_the_session_as_it_was(
    transactional_db,
):
    from django.db import connection

    from claims.exports.writers import export_queryset, write_csv
    from tests.factories import ClaimFactory

    ClaimFactory(statement="=1+1")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
    out = io.StringIO()

    assert write_csv(export_queryset("csv", {}), out) == 1

    assert "'=1+1" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before != "0"  # SET LOCAL ended with its transaction
