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

from claims.exports.models import ExportJob
from claims.exports.tasks import run_export
from claims.exports.writers import HEADER
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
    claim = record_claim(source, actor=analyst, start=23, end=56, kinds=["quantitative"])
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
    assert [r["claimReviewed"] for r in reviews] == [claim.quote]


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
    assert (first["value_low"], first["value_high"]) == ("900.0000", "")
