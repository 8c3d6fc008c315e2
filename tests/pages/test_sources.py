"""Source pages: the list, adding a source, the reader, task progress."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ExtractionJob
from sources.models import Passage, Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

INTERVIEW = (
    "Jane Roe, head of the water board, spoke to the Gazette.\n\n"
    "— How many wells were dug?\n\n"
    "— Almost a thousand wells were dug in 2024, and 14 villages got pumps.\n"
)


def _add(client, **fields):
    data = {"language": "en", "kind": "interview", "title": "", "outlet": "", "url": ""}
    data.update(fields)
    return client.post("/sources/add/", data)


def test_source_list_runs_the_same_queries_for_5_and_50_rows(analyst_client):
    counts = []
    for n, more in ((5, 5), (50, 45)):
        for source in SourceFactory.create_batch(more):
            ClaimFactory(source=source)
        with CaptureQueriesContext(connection) as queries:
            response = analyst_client.get("/sources/?page_size=50")
        assert response.status_code == 200
        assert response.content.decode().count('href="/sources/') >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_source_list_searches_title_and_outlet(analyst_client):
    SourceFactory(title="Wells of Tarn")
    SourceFactory(title="Harbour report")
    body = analyst_client.get("/sources/?q=tarn").content.decode()
    assert "Wells of Tarn" in body and "Harbour report" not in body


def test_pasted_text_becomes_a_source_with_passages(analyst_client, analyst):
    response = _add(analyst_client, text=INTERVIEW, title="Water board", outlet="Gazette")
    source = Source.objects.get(title="Water board")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/sources/{source.pk}/")
    assert source.text == INTERVIEW.strip("\n")
    assert source.outlet.name == "Gazette" and source.created_by == analyst
    assert source.kind == "interview"
    assert Passage.objects.filter(source=source, role="answer").exists()


def test_pasted_crlf_line_breaks_are_stored_as_newlines(analyst_client):
    _add(analyst_client, text=INTERVIEW.replace("\n", "\r\n"), title="CRLF")
    assert "\r" not in Source.objects.get(title="CRLF").text


def test_uploaded_html_is_stored_as_its_text(analyst_client):
    page = b"<html><head><title>Board notice</title></head><body><p>40 wells.</p></body></html>"
    upload = SimpleUploadedFile("notice.html", page, content_type="text/html")
    response = _add(analyst_client, file=upload, kind="statement")
    source = Source.objects.get()
    assert response.status_code == 302
    assert source.text == "40 wells.\n" and source.title == "Board notice"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"caf\xe9 au lait", "not valid UTF-8"),
        ("blank.txt", b"   \n", "is empty"),
        ("image.txt", b"GIF89a\x00\x01", "binary file"),
        ("report.pdf", b"%PDF-1.4", "upload a .txt, .md or .html file"),
        ("empty.html", b"<html><script>x()</script></html>", "has no readable text"),
    ],
)
def test_bad_upload_is_refused_beside_the_file_field(analyst_client, name, data, message):
    response = _add(analyst_client, file=SimpleUploadedFile(name, data))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'id="id_file_error"' in body
    assert not Source.objects.exists()


def test_empty_form_asks_for_text(analyst_client):
    body = _add(analyst_client, text="  ").content.decode()
    assert "Paste the text or upload a file." in body
    assert not Source.objects.exists()


def test_pasted_text_over_5_mb_is_refused_on_the_form(analyst_client):
    response = _add(analyst_client, text="Officials said 3 wells. " * 230_000)
    assert response.status_code == 200
    assert "the limit is 5 MB" in response.content.decode()
    assert not Source.objects.exists()


def test_bad_date_and_kind_are_refused_beside_their_fields(analyst_client):
    body = _add(analyst_client, text=INTERVIEW, published_at="2024-13-40", kind="poem")
    body = body.content.decode()
    assert 'id="id_published_at_error"' in body and 'id="id_kind_error"' in body
    assert not Source.objects.exists()


def test_same_text_again_opens_the_source_already_stored(analyst_client):
    _add(analyst_client, text=INTERVIEW, title="First")
    first = Source.objects.get()
    response = _add(analyst_client, text=INTERVIEW, title="Second")
    assert response["Location"] == f"/sources/{first.pk}/"
    assert Source.objects.count() == 1


def test_reviewer_may_read_sources_but_not_add_them(reviewer_client):
    assert reviewer_client.get("/sources/").status_code == 200
    assert _add(reviewer_client, text=INTERVIEW).status_code == 403
    assert not Source.objects.exists()


def test_outsider_is_refused_source_pages(outsider_client):
    source = SourceFactory()
    assert outsider_client.get("/sources/").status_code == 403
    assert outsider_client.get(f"/sources/{source.pk}/").status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/sources/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_reader_marks_claims_by_status_and_candidates_apart(analyst_client):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    recorded = ClaimFactory(source=source, start=20, end=28, status=Claim.Status.OPEN)
    candidate = ClaimFactory(source=source, start=20, end=44, status=Claim.Status.CANDIDATE)
    body = analyst_client.get(f"/sources/{source.pk}/").content.decode()
    assert f'data-claim-id="{recorded.pk}" data-claim-ids="{recorded.pk} {candidate.pk}"' in body
    assert 'class="claim st-candidate is-candidate"' in body
    assert f'id="cand-{candidate.pk}"' in body  # in the side list, with accept and dismiss
    assert f'id="rec-{recorded.pk}"' in body


def test_pasted_script_is_shown_as_text_in_the_reader(analyst_client):
    _add(analyst_client, text="<script>alert(1)</script> said 40 people.", title="Hostile")
    source = Source.objects.get()
    body = analyst_client.get(f"/sources/{source.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_pages_send_a_policy_forbidding_inline_script(analyst_client):
    response = analyst_client.get("/sources/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


def test_extraction_state_reports_a_queued_job_as_waiting(analyst_client):
    job = ExtractionJob.objects.create(source=SourceFactory())
    state = analyst_client.get(f"/sources/extraction/{job.pk}/state/").json()
    assert state == {
        "state": "queued",
        "done": False,
        "failed": False,
        "percent": None,
        "message": "Waiting for a worker…",
    }
    job.status, job.total, job.done = "running", 400, 200
    job.save()
    state = analyst_client.get(f"/sources/extraction/{job.pk}/state/").json()
    assert (state["state"], state["percent"], state["done"]) == ("running", 50, False)
    assert analyst_client.get("/sources/extraction/424242/state/").status_code == 404


def test_progress_page_points_its_script_at_the_job_state(analyst_client):
    source = SourceFactory()
    job = ExtractionJob.objects.create(source=source)
    body = analyst_client.get(f"/sources/{source.pk}/extraction/{job.pk}/").content.decode()
    assert f'data-state-url="/sources/extraction/{job.pk}/state/"' in body
    assert f'data-done-url="/sources/{source.pk}/"' in body
    assert "js/progress.js" in body
    other = SourceFactory()
    assert analyst_client.get(f"/sources/{other.pk}/extraction/{job.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)  # the job is queued, and run, when the import commits
def test_import_runs_extraction_and_the_reader_lists_the_candidates(analyst_client, eager_tasks):
    response = _add(analyst_client, text=INTERVIEW, title="With candidates", extract="on")
    source = Source.objects.get()
    assert response["Location"] == f"/sources/{source.pk}/"
    candidates = Claim.objects.filter(source=source, status="candidate")
    assert candidates.exists()
    body = analyst_client.get(response["Location"]).content.decode()
    assert "new candidate claim(s) found" in body
    assert all(f'id="cand-{c.pk}"' in body for c in candidates)


@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
    reason="the page redirects to the progress bar only with a broker; set CELERY_BROKER_URL",
)
@pytest.mark.django_db(transaction=True)
def test_extraction_on_a_worker_shows_progress_until_done(live_worker, analyst_client):
    response = _add(analyst_client, text=INTERVIEW, title="Queued", extract="on")
    source = Source.objects.get()
    assert response["Location"].startswith(f"/sources/{source.pk}/extraction/")
    body = analyst_client.get(response["Location"]).content.decode()
    state_url = body.split('data-state-url="')[1].split('"')[0]
    deadline = time.monotonic() + 20
    state = analyst_client.get(state_url).json()
    while not state["done"] and time.monotonic() < deadline:
        time.sleep(0.1)
        state = analyst_client.get(state_url).json()
    assert state["state"] == "done" and state["percent"] == 100
    job = ExtractionJob.objects.get(source=source)
    candidates = Claim.objects.filter(source=source, status="candidate")
    assert job.status == "done" and job.created == job.total == candidates.count() > 0


def test_paste_over_the_request_limit_gets_the_form_back_with_the_message(analyst_client):
    response = _add(analyst_client, text="Officials said 3 wells. " * 290_000, title="Huge")

    assert response.status_code == 413
    body = response.content.decode()
    assert 'id="id_text_error"' in body
    assert "larger than the 5 MB a source may hold" in body
    assert 'name="title"' in body and 'type="submit"' in body
    assert not Source.objects.exists()
