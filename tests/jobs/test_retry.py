"""Failed jobs show their error and run again with Retry: the API, the exports page, the reader."""

import json

import pytest
from django.test import Client

from claims.exports.jobs import export_dir
from claims.models import Claim, ExportJob, ExtractionJob
from sources.importing import import_text
from tests.api.conftest import token_client
from tests.conftest import signed_in
from tests.extraction.conftest import GRANARY_PATH
from tests.factories import ClaimFactory, SourceFactory

# Committed for real: a retry queues its task when it commits, and with no broker the task
# runs there and then, in the request, as it does for a user.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

ERROR = "The worker running it stopped; it was tried 3 times. Retry it to run it again."


@pytest.fixture
def approved(db):
    from django.utils import timezone

    return ClaimFactory(status="approved", rating="true", approved_at=timezone.now())


def _failed_export(user, **fields) -> ExportJob:
    fields = {"status": "failed", "error": ERROR, "attempt": 3, "total": 9, "written": 4, **fields}
    return ExportJob.objects.create(format="jsonl", created_by=user, **fields)


def _failed_extraction(source, user=None) -> ExtractionJob:
    return ExtractionJob.objects.create(
        source=source, created_by=user, status="failed", error=ERROR, attempt=3
    )


# --- the API ---------------------------------------------------------------------------


def test_api_shows_a_failed_export_with_its_error_and_retry_runs_it(analyst, approved):
    job = _failed_export(analyst)
    client = token_client(analyst)
    shown = client.get(f"/api/v1/exports/{job.pk}/").json()
    assert (shown["status"], shown["error"], shown["attempt"]) == ("failed", ERROR, 3)

    response = client.post(f"/api/v1/exports/{job.pk}/retry/")

    assert response.status_code == 202, response.json()
    body = response.json()  # no broker: the retry ran in-process before the answer
    assert (body["status"], body["error"], body["attempt"], body["written"]) == ("done", "", 4, 1)
    job.refresh_from_db()
    records = [json.loads(line) for line in (export_dir() / f"claims-{job.pk}.jsonl").open()]
    assert [r["id"] for r in records] == [approved.pk]


def test_api_refuses_to_retry_a_job_that_has_not_failed(analyst, approved):
    job = ExportJob.objects.create(format="csv", created_by=analyst, status="running")
    client = token_client(analyst)

    response = client.post(f"/api/v1/exports/{job.pk}/retry/")

    assert response.status_code == 409
    assert response.json() == {"detail": "Only a failed job can be retried; this one is running."}
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("running", 1)


def test_api_retry_of_someone_elses_export_is_404_and_changes_nothing(
    analyst, analyst2, outsider, approved
):
    job = _failed_export(analyst)
    assert token_client(analyst2).post(f"/api/v1/exports/{job.pk}/retry/").status_code == 404
    assert token_client(outsider).post(f"/api/v1/exports/{job.pk}/retry/").status_code == 403
    assert token_client(analyst).get(f"/api/v1/exports/{job.pk}/retry/").status_code == 405
    job.refresh_from_db()
    assert (job.status, job.attempt, job.error) == ("failed", 3, ERROR)


def test_api_lists_extraction_jobs_and_retry_stores_the_candidates(analyst, reviewer):
    source = import_text(GRANARY_PATH.read_text(encoding="utf-8"), title="Granary").source
    job = _failed_extraction(source)
    listed = token_client(reviewer).get(f"/api/v1/extractions/?source={source.pk}").json()
    assert [(j["id"], j["status"], j["error"]) for j in listed["results"]] == [
        (job.pk, "failed", ERROR)
    ]
    # Looking for candidates is analysts' work: a reviewer may follow the job, not retry it.
    assert token_client(reviewer).post(f"/api/v1/extractions/{job.pk}/retry/").status_code == 403

    response = token_client(analyst).post(f"/api/v1/extractions/{job.pk}/retry/")

    assert response.status_code == 202
    body = response.json()
    stored = Claim.objects.filter(source=source, status="candidate").count()
    assert (body["status"], body["attempt"], body["created"]) == ("done", 4, stored)
    assert stored >= 15 and body["progress"] == 1.0


# --- the pages -------------------------------------------------------------------------


def test_exports_page_shows_the_error_and_its_retry_button_runs_the_export(analyst, approved):
    job = _failed_export(analyst)
    client = signed_in(analyst)

    page = client.get("/exports/").content.decode()

    assert ERROR in page
    assert f'action="/exports/{job.pk}/retry/"' in page
    response = client.post(f"/exports/{job.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.attempt, job.written, job.error) == ("done", 4, 1, "")
    page = client.get("/exports/").content.decode()
    assert f"/exports/{job.pk}/download/" in page
    assert f'action="/exports/{job.pk}/retry/"' not in page


def test_another_members_export_cannot_be_retried_from_the_page(analyst, analyst2, approved):
    job = _failed_export(analyst)
    client = signed_in(analyst2)
    assert ERROR not in client.get("/exports/").content.decode()
    assert client.post(f"/exports/{job.pk}/retry/").status_code == 404
    assert Client().post(f"/exports/{job.pk}/retry/").status_code == 302  # to sign in
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("failed", 3)


def test_reader_shows_a_failed_extraction_and_retry_stores_the_candidates(analyst):
    source = import_text(GRANARY_PATH.read_text(encoding="utf-8"), title="Granary").source
    job = _failed_extraction(source)
    client = signed_in(analyst)

    page = client.get(f"/sources/{source.pk}/").content.decode()

    assert f"Looking for candidate claims failed: {ERROR}" in page
    assert f'action="/sources/extraction/{job.pk}/retry/"' in page
    progress = client.get(f"/sources/{source.pk}/extraction/{job.pk}/").content.decode()
    assert f"Failed: {ERROR}" in progress and 'id="task-retry"' in progress
    response = client.post(f"/sources/extraction/{job.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == f"/sources/{source.pk}/"
    job.refresh_from_db()
    assert (job.status, job.attempt, job.error) == ("done", 4, "")
    assert job.created == Claim.objects.filter(source=source, status="candidate").count() >= 15
    page = client.get(f"/sources/{source.pk}/").content.decode()
    assert "failed" not in page.lower().split('id="candidates"')[1].split("</section>")[0]


def test_retrying_a_finished_extraction_from_the_page_says_why_not(analyst):
    job = ExtractionJob.objects.create(source=SourceFactory(), status="done")
    client = signed_in(analyst)
    response = client.post(f"/sources/extraction/{job.pk}/retry/", follow=True)
    assert "Only a failed job can be retried; this one is done." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 1)
