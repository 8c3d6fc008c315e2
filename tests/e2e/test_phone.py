"""On a phone-sized screen every page fits its width: nothing needs sideways scrolling."""

import pytest

from claims import workflow
from claims.demo import load_demo
from claims.exports.jobs import start_export
from claims.models import Claim
from claims.workflow.sources import edit_source, grade_outlet
from sources.importing import import_text
from sources.models import Outlet, Source
from tests.e2e.conftest import sign_in
from tests.e2e.test_analyst_flow import select_text

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


# Realistic long content: titles and names that do not fit a line, and addresses and
# excerpts with no space to break at.
LONG_TITLE = (
    "Quarterly bulletin of the Osterlund provincial health office on immunisation, mobile "
    "clinics and field logistics in the flood-affected districts, fourth quarter of 2024"
)
LONG_URL = (
    "https://health.example.org/publications/bulletins/2024/q4/"
    "immunisation-mobile-clinics-and-field-logistics-in-flood-affected-districts.pdf"
)
LONG_EXCERPT = (
    "Vaccination coverage among children under five reached 74% in December 2024, against 52% "
    "in December 2023 (table 3, https://health.example.org/publications/bulletins/2024/q4/"
    "annex-b-table-3-coverage-by-district-and-month.csv), well short of the 80% target."
)
# Boxes that scroll sideways on purpose: a wide table is read by scrolling inside its wrapper,
# and a one-line field scrolls its own long value (an address, a title) as it is typed.
DELIBERATE_SCROLLERS = ".table-wrap, input, select"


def _sideways(page, url: str) -> list[str]:
    """Return what makes the page shown (at `url`) scroll sideways: the document, or a box."""
    problems = []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 1:
        problems.append(f"{url} is {overflow}px wider than the screen")
    boxes = page.evaluate(
        """(wrappers) => Array.from(document.querySelectorAll("main *"))
            .filter((el) => el.getBoundingClientRect().width > 1  // not visually hidden
                    && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX !== "visible"
                    && !el.matches(wrappers))
            .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                 + (el.className ? "." + String(el.className).split(" ").join(".") : ""))""",
        DELIBERATE_SCROLLERS,
    )
    problems.extend(f"{url}: {box} scrolls sideways" for box in boxes)
    return problems


def _research(claim: Claim, analyst, statement: str) -> Claim:
    claim = workflow.apply_action(claim, "accept", actor=analyst, version=claim.version)
    claim = workflow.apply_action(claim, "start", actor=analyst, version=claim.version)
    return workflow.update_claim(
        claim,
        actor=analyst,
        version=claim.version,
        statement=statement,
        tags=["vaccination-coverage-under-fives", "osterlund-provincial-health-office"],
    )


def _long_desk(analyst, reviewer) -> dict:
    """Build a desk whose claims, sources and outlets carry long titles, links and excerpts."""
    interview = load_demo(create_users=False).source
    outlet = Outlet.objects.create(
        name="Osterlund Provincial Health Office, Directorate of Field Operations and Logistics"
    )
    grade_outlet(
        outlet,
        actor=reviewer,
        grade=Outlet.Reliability.B,
        reason="Its bulletins match the ministry's own tables "
        "(https://ministry.example.org/statistics/immunisation/2024/annual-tables.xlsx).",
    )
    bulletin = import_text(
        f"{LONG_EXCERPT}\n\nThe full tables are at {LONG_URL}.\n",
        title=LONG_TITLE,
        outlet=outlet,
        url=LONG_URL,
        kind=Source.Kind.REPORT,
        created_by=analyst,
    ).source
    edit_source(
        bulletin,
        actor=analyst,
        archive_url="https://web.archive.example.org/web/20250120000000/" + LONG_URL,
        authors="Directorate of Field Operations and Logistics, Immunisation Programme Unit",
    )

    def candidate(phrase: str) -> Claim:
        return interview.claims.get(status=Claim.Status.CANDIDATE, quote__contains=phrase)

    approved = _research(
        candidate("4,500 patients"), analyst, "Clinics saw more than 4,500 patients in 2024."
    )
    workflow.add_evidence(
        approved,
        actor=analyst,
        source=bulletin,
        stance="supports",
        excerpt="The two mobile clinics recorded 4,612 consultations in 2024 "
        f"(annex A, {LONG_URL}#annex-a-mobile-clinics-consultations-by-month).",
        locator="annex A, mobile-clinic-consultations-by-district-and-month",
        source_figure="4,612",
        credibility=2,
        note=f"The monthly figures are in the annex: {LONG_URL}",
    )
    approved.refresh_from_db()
    verdict = {"rating": Claim.Rating.TRUE, "rationale": f"The office counts 4,612: {LONG_URL}"}
    approved = workflow.apply_action(
        approved, "submit", actor=analyst, version=approved.version, **verdict
    )
    approved = workflow.apply_action(
        approved,
        "request_changes",
        actor=reviewer,
        version=approved.version,
        comment=f"Cite the district table itself: {LONG_URL}",
    )
    approved = workflow.apply_action(
        approved, "submit", actor=analyst, version=approved.version, **verdict
    )
    approved = workflow.apply_action(approved, "approve", actor=reviewer, version=approved.version)

    researched = _research(
        candidate("about 80%"), analyst, "Vaccination of under-fives rose to about 80%."
    )
    for stance in ("contradicts", "context"):
        workflow.add_evidence(
            researched,
            actor=analyst,
            source=bulletin,
            stance=stance,
            excerpt=LONG_EXCERPT,
            locator="annex B, table 3, row 12 (coverage-by-district-and-month)",
            source_figure="74%",
            credibility=2,
        )
    researched.refresh_from_db()
    workflow.link_same_claim(
        researched, actor=analyst, earlier=approved, version=researched.version
    )
    start_export(analyst, "csv", {"q": "vaccination coverage among children under five"})
    return {
        "interview": interview,
        "bulletin": bulletin,
        "outlet": outlet,
        "approved": approved,
        "researched": researched,
    }


def test_analyst_pages_with_long_content_fit_a_phone_screen(
    phone_page, analyst, reviewer, artifacts
):
    """Every page an analyst uses daily reads at 390 px with long titles, links and excerpts."""
    desk = _long_desk(analyst, reviewer)
    approved, researched, bulletin = desk["approved"], desk["researched"], desk["bulletin"]
    sign_in(phone_page, analyst.username)
    # The claim in research: its evidence, the same-claim link and the forms, opened.
    phone_page.goto(f"/claims/{researched.pk}/")
    assert phone_page.locator("#evidence .evidence-item").count() == 2
    assert phone_page.locator(f"#same-as-{approved.pk}").is_visible()
    phone_page.locator("#add-evidence summary").click()
    phone_page.get_by_label("Excerpt relied on").wait_for()
    problems = _sideways(phone_page, f"/claims/{researched.pk}/")
    phone_page.screenshot(path=str(artifacts / "claim-phone.png"), full_page=True)
    pages = [
        f"/claims/{approved.pk}/",
        f"/sources/{bulletin.pk}/",
        f"/sources/{desk['interview'].pk}/",
        f"/sources/{bulletin.pk}/edit/",
        "/outlets/",
        f"/outlets/{desk['outlet'].pk}/",
        "/exports/",
        "/search/?q=vaccination+coverage",
        "/checks/",
        f"/checks/{approved.pk}/",
    ]
    for url in pages:
        phone_page.goto(url)
        problems += _sideways(phone_page, url)

    # A new token is shown once, with a curl line to copy.
    phone_page.goto("/tokens/")
    phone_page.get_by_role("button", name="Create a token").click()
    phone_page.locator("#new-token").wait_for()  # the answer to the POST has loaded
    problems += _sideways(phone_page, "/tokens/ (a new token)")

    # The bulk form sent without its analyst comes back as /claims/bulk/, the selection kept.
    phone_page.goto("/claims/?status=in_research")
    phone_page.locator(f"input.bulk-pick[value='{researched.pk}']").check()
    phone_page.get_by_label("With the selected").select_option("assign")
    phone_page.get_by_role("button", name="Apply to selected").click()
    phone_page.wait_for_url("**/claims/bulk/")
    phone_page.locator(".bulk-picked").wait_for()
    problems += _sideways(phone_page, "/claims/bulk/ (refused)")
    assert not problems, "\n".join(problems)


def test_header_and_claim_filters_leave_the_list_in_sight_on_a_phone(phone_page, analyst):
    load_demo(create_users=False)
    sign_in(phone_page, analyst.username)
    phone_page.goto("/claims/?speaker=Veltin&kind=quantitative")
    header = phone_page.locator(".site-header").bounding_box()
    assert header["height"] <= 130, f"the header takes {header['height']}px of 844"
    # Every link of the nav is there, in one row that scrolls sideways.
    links = phone_page.get_by_role("navigation", name="Main").get_by_role("link")
    assert links.count() == 8
    assert {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(8))} == {
        round(links.nth(0).bounding_box()["y"])
    }
    # The filters are folded under a summary counting them; the first row is on the screen.
    summary = phone_page.locator(".filters-fold > summary")
    assert summary.inner_text() == "Filters (2 active)"
    assert not phone_page.get_by_label("Speaker").is_visible()
    first_row = phone_page.locator("table.claims tbody tr").first.bounding_box()
    assert first_row["y"] < PHONE["height"], f"the first claim is at {first_row['y']}px"
    summary.click()
    assert phone_page.get_by_label("Speaker").input_value() == "Veltin"
    phone_page.get_by_label("Speaker").fill("")
    phone_page.get_by_role("button", name="Apply", exact=True).click()
    phone_page.wait_for_url("**/claims/?*")
    assert phone_page.locator(".filters-fold > summary").inner_text() == "Filters (1 active)"
    # Wider than a phone, the filters are open and there is nothing to unfold.
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    assert not phone_page.locator(".filters-fold > summary").is_visible()
    assert phone_page.get_by_label("Kind").is_visible()


def test_selected_words_offer_a_bar_to_record_them_on_a_phone(phone_page, analyst, artifacts):
    source = load_demo(create_users=False).source
    words = "Our convoys reached 37 villages"
    sign_in(phone_page, analyst.username)
    phone_page.goto(f"/sources/{source.pk}/")
    bar = phone_page.locator("#selection-bar")
    assert not bar.is_visible()
    select_text(phone_page, words)
    bar.wait_for()
    assert bar.locator("p").inner_text() == f"Record claim: “{words}”"
    box = bar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE["height"], abs=1)  # at the bottom
    phone_page.screenshot(path=str(artifacts / "reader-selection-phone.png"), full_page=False)
    # Wider, the record form is in sight beside the text: no bar.
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    assert bar.is_hidden()
    assert phone_page.locator("#selection-preview").inner_text().startswith(f"“{words}”")
    phone_page.set_viewport_size(PHONE)
    bar.get_by_role("button", name="Record").click()
    phone_page.wait_for_url("**/claims/new/?*")
    start = source.text.index(words)
    assert phone_page.get_by_label("Starts at character").input_value() == str(start)
    assert phone_page.get_by_label("Ends before character").input_value() == str(start + len(words))
