"""On a phone-sized screen every page fits its width: nothing needs sideways scrolling."""

import pytest

from claims import workflow
from claims.demo import load_demo
from claims.models import Claim
from sources.models import Source
from tests.e2e.conftest import sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_pages_fit_a_phone_screen(phone_page, analyst, artifacts):
    source = load_demo(create_users=False).source
    claim = Claim.objects.filter(source=source).first()
    sign_in(phone_page, analyst.username)
    pages = ["/", "/sources/", f"/sources/{source.pk}/", "/claims/", f"/claims/{claim.pk}/"]
    for url in [*pages, "/review/"]:
        phone_page.goto(url)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{url} is {overflow}px wider than the screen"
        assert phone_page.get_by_role("navigation", name="Main").is_visible()
    phone_page.goto(f"/sources/{source.pk}/")
    phone_page.screenshot(path=str(artifacts / "reader-phone.png"), full_page=False)


def test_review_queue_fits_a_phone_screen(phone_page, analyst, artifacts):
    """The queue's evidence, a long title and excerpt among it, reads without sideways scrolling."""
    source = load_demo(create_users=False).source
    claim = Claim.objects.filter(source=source, status=Claim.Status.CANDIDATE).first()
    claim = workflow.apply_action(claim, "accept", actor=analyst, version=claim.version)
    claim = workflow.apply_action(claim, "start", actor=analyst, version=claim.version)
    evidence = Source.objects.create(
        title="Quarterly bulletin of the provincial health office on field operations, Q4 2024",
        url="https://health.example.org/bulletins/2024/q4/field-operations-and-logistics.pdf",
    )
    workflow.add_evidence(
        claim,
        actor=analyst,
        source=evidence,
        stance="contradicts",
        excerpt="Vaccination coverage reached 74% in December 2024, against 52% a year before "
        "(https://health.example.org/bulletins/2024/q4/table-3-coverage-by-district)",
        locator="table 3, row 12",
        source_figure="74%",
        credibility=2,
    )
    claim.refresh_from_db()
    workflow.apply_action(
        claim,
        "submit",
        actor=analyst,
        version=claim.version,
        rating=Claim.Rating.MISLEADING,
        rationale="The office counts 74%, not about 80%.",
    )
    sign_in(phone_page, analyst.username)
    phone_page.goto("/review/")
    assert phone_page.locator(f"#claim-{claim.pk} .evidence").is_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"/review/ is {overflow}px wider than the screen"
    # Nothing is pushed past the right edge inside a box that would scroll on its own either.
    wider = phone_page.evaluate(
        """() => Array.from(document.querySelectorAll("main *"))
            .filter((el) => el.getBoundingClientRect().width > 1  // not visually hidden
                    && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX !== "visible")
            .map((el) => el.tagName + "." + el.className)"""
    )
    assert wider == []
    right = phone_page.evaluate(
        """() => Math.max(...Array.from(document.querySelectorAll("main *"))
            .filter((el) => el.getClientRects().length)
            .map((el) => el.getBoundingClientRect().right))"""
    )
    assert right <= PHONE["width"] + 1, f"something on /review/ reaches {right}px"
    phone_page.screenshot(path=str(artifacts / "review-phone.png"), full_page=True)
