"""Self-service in a real browser: outlet grades, source details, exports, API tokens."""

import csv
import json

import pytest

from claims.exports.models import ExportJob
from claims.models import Claim
from claims.workflow import add_evidence, apply_action, record_claim
from sources.models import Outlet, OutletGrade, SourceEvent
from tests.e2e.conftest import sign_in, sign_out
from tests.factories import OutletFactory, SourceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = (
    "The minister said that almost a thousand militants surrendered in 2024. "
    "He added that 14 children were freed near Bria, and 300 wells were dug."
)


def _approved(source, analyst, reviewer, start: int, end: int) -> Claim:
    claim = record_claim(
        source,
        actor=analyst,
        start=start,
        end=end,
        kinds=["quantitative"],
        statement="Officials gave a figure.",
    )
    claim = apply_action(claim.pk, "start", actor=analyst, version=claim.version)
    add_evidence(claim.pk, actor=analyst, source=SourceFactory(), stance="supports")
    claim.refresh_from_db()
    claim = apply_action(
        claim.pk,
        "submit",
        actor=analyst,
        version=claim.version,
        rating="mostly_true",
        rationale="Official figures agree.",
    )
    return apply_action(claim.pk, "approve", actor=reviewer, version=claim.version)


@pytest.fixture
def desk(analyst, reviewer):
    outlet = OutletFactory(name="TASS", reliability="F")
    source = SourceFactory(title="Minister interview", outlet=outlet, url="", text=TEXT)
    surrendered = _approved(source, analyst, reviewer, 23, 70)
    children = _approved(source, analyst, reviewer, 86, 118)
    record_claim(source, actor=analyst, start=124, end=142, kinds=["quantitative"])
    return {"outlet": outlet, "source": source, "approved": [surrendered, children]}


def test_reviewer_grades_an_outlet_on_the_outlets_page(page, desk):
    sign_in(page, "rev")
    page.get_by_role("link", name="Outlets").click()
    page.wait_for_url("**/outlets/")

    row = page.locator(f"#outlet-{desk['outlet'].pk}")
    row.get_by_label("Grade for TASS").select_option("C")
    row.get_by_label("Why TASS gets this grade").fill("State agency; figures rarely sourced.")
    row.get_by_role("button", name="Set").click()

    page.wait_for_url(f"**/outlets/{desk['outlet'].pk}/")
    assert "TASS graded C." in page.locator(".messages").inner_text()
    assert "State agency; figures rarely sourced." in page.locator("ol.history").inner_text()
    outlet = Outlet.objects.get(pk=desk["outlet"].pk)
    assert (outlet.reliability, outlet.reliability_note) == (
        "C",
        "State agency; figures rarely sourced.",
    )
    assert OutletGrade.objects.get(outlet=outlet).set_by.username == "rev"
    assert not page.errors


def test_analyst_edits_a_source_url_and_sees_it_in_the_claimreview(page, desk):
    source, claim = desk["source"], desk["approved"][0]
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    page.get_by_role("link", name="Edit details").click()
    page.wait_for_url(f"**/sources/{source.pk}/edit/")

    page.get_by_label("URL").fill("https://tass.example/minister-interview")
    page.get_by_role("button", name="Save details").click()

    page.wait_for_url(f"**/sources/{source.pk}/")
    assert "Source details saved." in page.locator(".messages").inner_text()
    page.goto(f"/api/v1/claimreview/{claim.pk}/?format=json")
    review = json.loads(page.locator("body").inner_text())
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["url"] == "https://tass.example/minister-interview"
    assert review["url"].endswith(f"/checks/{claim.pk}/")  # its public page
    event = SourceEvent.objects.get(source=source)
    assert event.changes == {"url": ["", "https://tass.example/minister-interview"]}


def test_analyst_exports_the_filtered_list_and_downloads_it(page, desk, live_worker, tmp_path):
    sign_in(page, "ana")
    page.goto("/claims/?status=approved")

    page.get_by_label("Export these claims as").select_option("csv")
    page.get_by_role("button", name="Export").click()

    # The page follows the job through the worker and offers the file when it is written.
    download_link = page.locator("#export-download")
    download_link.wait_for(timeout=30_000)
    job = ExportJob.objects.get()
    assert (job.status, job.filters, job.written) == ("done", {"status": ["approved"]}, 2)
    with page.expect_download() as info:
        download_link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    with saved.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(int(r["id"]) for r in rows) == sorted(c.pk for c in desk["approved"])
    assert {r["status"] for r in rows} == {"approved"}
    assert {r["evidence_supports"] for r in rows} == {"1"}

    page.get_by_role("link", name="My exports").first.click()
    page.wait_for_url("**/exports/")
    assert page.locator(f'a[href="/exports/{job.pk}/download/"]').count() == 1
    assert not page.errors


def test_an_export_failing_while_followed_shows_why_and_its_retry_finishes_it(
    page, desk, analyst, live_worker
):
    job = ExportJob.objects.create(
        format="csv", filters={"status": ["approved"]}, created_by=analyst, status="running"
    )
    sign_in(page, "ana")
    page.goto(f"/exports/{job.pk}/")
    retry = page.get_by_role("button", name="Retry")
    assert not retry.is_visible()

    ExportJob.objects.filter(pk=job.pk).update(status="failed", error="The disk is full.")

    page.get_by_text("Failed: The disk is full.").wait_for()
    retry.click()
    page.locator("#export-download").wait_for(timeout=30_000)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.written, job.error) == ("done", 2, 2, "")
    assert not page.errors


def test_analyst_creates_uses_and_revokes_a_token(page, desk):
    sign_in(page, "ana")
    page.get_by_role("link", name="API tokens").click()
    page.wait_for_url("**/tokens/")
    page.get_by_role("button", name="Create a token").click()
    key = page.get_by_label("Copy it now: it is not shown again.").input_value()
    assert len(key) == 40
    sign_out(page)

    # Used once, signed out: the token alone lets the script in.
    used = page.request.get("/api/v1/claims/", headers={"Authorization": f"Token {key}"})
    assert used.status == 200 and used.json()["count"] == 3

    sign_in(page, "ana")
    page.goto("/tokens/")
    assert key not in page.content()  # shown once only
    page.get_by_role("button", name="Revoke token").click()
    page.wait_for_url("**/tokens/")
    assert "You have no token." in page.locator("main").inner_text()
    sign_out(page)
    refused = page.request.get("/api/v1/claims/", headers={"Authorization": f"Token {key}"})
    assert refused.status in (401, 403) and refused.json()["detail"] == "Invalid token."
    assert not page.errors
