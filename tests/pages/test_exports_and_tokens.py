"""Export from the claim list, follow it, keep the downloads; personal API tokens."""

import csv
import io

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.exports.models import ExportJob
from claims.exports.tasks import run_export
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_claim_list_offers_export_of_what_its_filters_show(analyst_client):
    page = analyst_client.get("/claims/?status=open&status=in_review&tag=CAR&page=2").content
    html = page.decode()
    assert 'action="/exports/new/"' in html
    assert '<input type="hidden" name="status" value="open">' in html
    assert '<input type="hidden" name="status" value="in_review">' in html
    assert '<input type="hidden" name="tag" value="CAR">' in html
    assert 'name="page" value' not in html


def test_export_takes_the_filtered_list_and_keeps_the_download(analyst_client, analyst):
    source = SourceFactory()
    wanted = [ClaimFactory(source=source, status="open", tags=["CAR"]) for _ in range(3)]
    ClaimFactory(source=source, status="open", tags=["Niger"])
    ClaimFactory(source=source, status="in_review", tags=["CAR"])

    response = analyst_client.post(
        "/exports/new/", {"format": "csv", "status": ["open"], "tag": "CAR", "page": "3"}
    )

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/exports/{job.pk}/"
    assert (job.format, job.filters, job.created_by) == (
        "csv",
        {"status": ["open"], "tag": "CAR"},
        analyst,
    )
    assert job.site_url == "http://testserver"
    queued = analyst_client.get(f"/exports/{job.pk}/").content.decode()
    assert 'id="task-progress"' in queued and f'data-state-url="/exports/{job.pk}/state/"' in queued
    assert analyst_client.get(f"/exports/{job.pk}/state/").json()["done"] is False

    run_export(job.pk)  # what the worker does once the job is committed

    state = analyst_client.get(f"/exports/{job.pk}/state/").json()
    assert (state["state"], state["done"], state["percent"]) == ("done", True, 100)
    done = analyst_client.get(f"/exports/{job.pk}/").content.decode()
    assert f'href="/exports/{job.pk}/download/"' in done and "3 claims written" in done
    download = analyst_client.get(f"/exports/{job.pk}/download/")
    assert download["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert sorted(int(r["id"]) for r in rows) == sorted(c.pk for c in wanted)
    mine = analyst_client.get("/exports/").content.decode()
    assert f'href="/exports/{job.pk}/download/"' in mine and "status=open; tag=CAR" in mine


def test_a_bad_export_request_says_why_and_starts_nothing(analyst_client):
    response = analyst_client.post("/exports/new/", {"format": "xlsx", "tag": "CAR"}, follow=True)

    assert response.redirect_chain[-1][0] == "/claims/?tag=CAR"
    assert "Not exported: format: Choose one of csv, jsonl, claimreview." in (
        response.content.decode()
    )
    assert not ExportJob.objects.exists()


def test_an_export_failing_while_its_page_follows_it_shows_why_and_offers_retry(
    analyst_client, analyst
):
    job = ExportJob.objects.create(format="csv", created_by=analyst, status="running", total=40)
    following = analyst_client.get(f"/exports/{job.pk}/").content.decode()
    # The Retry form is on the page already, hidden until the state says the job failed.
    assert 'id="task-progress"' in following
    assert f'<form method="post" action="/exports/{job.pk}/retry/" id="task-retry"' in following
    assert 'id="task-retry" hidden>' in following

    ExportJob.objects.filter(pk=job.pk).update(status="failed", error="disk full")
    state = analyst_client.get(f"/exports/{job.pk}/state/").json()

    assert (state["done"], state["failed"]) == (True, True)
    assert state["message"] == "Failed: disk full"


def test_others_exports_are_not_found(analyst_client, reviewer):
    job = ExportJob.objects.create(format="csv", created_by=reviewer)
    for url in ["", "state/", "download/"]:
        assert analyst_client.get(f"/exports/{job.pk}/{url}").status_code == 404
    assert f"/exports/{job.pk}/" not in analyst_client.get("/exports/").content.decode()


def test_outsider_may_not_export(outsider_client):
    assert outsider_client.post("/exports/new/", {"format": "csv"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_token_is_shown_once_works_and_stops_working_when_revoked(analyst_client, analyst):
    assert "You have no token." in analyst_client.get("/tokens/").content.decode()

    created = analyst_client.post("/tokens/", {"action": "create"})

    token = Token.objects.get(user=analyst)
    assert token.key in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    assert token.key not in analyst_client.get("/tokens/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/claims/").status_code == 200

    revoked = analyst_client.post("/tokens/", {"action": "revoke"})

    assert revoked.status_code == 302 and not Token.objects.filter(user=analyst).exists()
    refused = api.get("/api/v1/claims/")
    assert refused.status_code in (401, 403) and refused.json()["detail"] == "Invalid token."


def test_a_new_token_replaces_the_old_one(analyst_client, analyst):
    analyst_client.post("/tokens/", {"action": "create"})
    first = Token.objects.get(user=analyst).key

    analyst_client.post("/tokens/", {"action": "create"})

    assert Token.objects.filter(user=analyst).count() == 1
    assert Token.objects.get(user=analyst).key != first


def test_an_unknown_token_action_changes_nothing(analyst_client, analyst):
    analyst_client.post("/tokens/", {"action": "create"})
    key = Token.objects.get(user=analyst).key

    response = analyst_client.post("/tokens/", {"action": "explode"}, follow=True)

    assert "Choose to create or to revoke a token." in response.content.decode()
    assert Token.objects.get(user=analyst).key == key


def test_outsider_gets_no_token(outsider_client, outsider):
    assert outsider_client.post("/tokens/", {"action": "create"}).status_code == 403
    assert not Token.objects.filter(user=outsider).exists()


def test_my_exports_runs_the_same_queries_for_a_page_and_one_more_row(analyst_client, analyst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for more in (5, 46):  # 5, then 51: past a page of 50
        ExportJob.objects.bulk_create(
            ExportJob(format="csv", created_by=analyst, status="done") for _ in range(more)
        )
        with CaptureQueriesContext(connection) as queries:
            response = analyst_client.get("/exports/?page_size=50")
        counts.append(len(queries))
    html = response.content.decode()
    assert html.count("/download/") == 50 and "page=2" in html
    assert counts[0] == counts[1]
