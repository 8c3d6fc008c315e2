"""A job failing while its progress page is open: the page says why and Retry runs it again."""

import pytest

from claims.models import Claim, ExtractionJob
from sources.importing import import_text
from tests.e2e.conftest import sign_in
from tests.extraction.conftest import GRANARY_PATH

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ERROR = "The worker running it stopped; it was tried 3 times. Retry it to run it again."


def test_progress_page_shows_a_failure_and_retry_stores_the_candidates(page, analyst, eager_tasks):
    source = import_text(GRANARY_PATH.read_text(encoding="utf-8"), title="Granary").source
    job = ExtractionJob.objects.create(source=source, status="running", total=40, done=20)
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/extraction/{job.pk}/")
    page.get_by_text("Working…").wait_for()  # the page has read the job once
    assert page.locator("#task-bar").get_attribute("value") == "50"
    assert page.get_by_role("button", name="Retry").is_hidden()

    ExtractionJob.objects.filter(pk=job.pk).update(status="failed", error=ERROR, attempt=3)

    page.get_by_text(f"Failed: {ERROR}").wait_for()
    page.get_by_role("button", name="Retry").click()
    page.wait_for_url(f"**/sources/{source.pk}/")
    job.refresh_from_db()
    stored = Claim.objects.filter(source=source, status="candidate").count()
    assert (job.status, job.attempt, job.error, job.created) == ("done", 4, "", stored)
    assert stored >= 15
    assert f"{stored} new candidate claim(s) found." in page.locator(".messages").inner_text()
    assert not page.errors
