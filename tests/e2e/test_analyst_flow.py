"""An analyst's day in a real browser: paste, read, record, link evidence, submit, approve."""

import pytest

from claims.models import Claim, Evidence
from sources.models import Source
from tests.e2e.conftest import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INTERVIEW = (
    "Jane Roe, head of the Tarn water board, spoke to the Gazette about the drought.\n\n"
    "— How many wells were dug last year?\n\n"
    "— Almost a thousand wells were dug in 2024, and 14 villages got new pumps.\n\n"
    "— Who paid for them?\n\n"
    "— The ministry paid for most of them, with the support of the regional council.\n"
)
QUOTE = "Almost a thousand wells were dug in 2024"


def select_text(page, needle: str) -> None:
    """Select the first occurrence of needle in the reader, as a drag of the mouse would."""
    page.evaluate(
        """(needle) => {
            const root = document.getElementById("reader-text");
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(needle);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + needle.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                return;
            }
            throw new Error("text not found: " + needle);
        }""",
        needle,
    )


def add_evidence(page, *, stance: str, **fields) -> None:
    page.locator("#add-evidence summary").click()
    page.get_by_label(stance, exact=True).check()
    for label, value in fields.items():
        target = page.get_by_label(label)
        if target.evaluate("el => el.tagName") == "SELECT":
            target.select_option(label=value)
        else:
            target.fill(value)
    page.get_by_role("button", name="Add evidence").click()
    page.wait_for_url("**/claims/*/#evidence")


def test_analyst_records_and_reviewer_approves_a_claim(page, analyst, reviewer, artifacts):
    sign_in(page, "ana")

    # Paste a source.
    page.get_by_role("link", name="Add a source").first.click()
    page.get_by_label("Title").fill("Tarn water board interview")
    page.get_by_label("Outlet").fill("Gazette")
    page.get_by_label("Kind").select_option("interview")
    page.get_by_label("Paste the text").fill(INTERVIEW)
    page.get_by_label("Look for candidate claims after import").uncheck()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/sources/*/")
    source = Source.objects.get(title="Tarn water board interview")
    assert page.locator("h1").inner_text() == source.title

    # Select a span in the reader; the form gets its exact offsets.
    select_text(page, QUOTE)
    start = source.text.index(QUOTE)
    page.wait_for_function(
        "start => document.getElementById('record-start').value === String(start)", arg=start
    )
    assert page.locator("#record-end").input_value() == str(start + len(QUOTE))
    page.screenshot(path=str(artifacts / "reader.png"), full_page=True)
    page.get_by_role("button", name="Record claim").click()

    # Record the claim.
    assert page.locator("mark.quote").inner_text() == QUOTE
    page.get_by_label("Quantitative").check()
    page.get_by_label("Statement").fill("About a thousand wells were dug in Tarn in 2024.")
    page.get_by_role("button", name="Record claim").click()
    page.wait_for_url("**/claims/*/")
    claim = Claim.objects.get(source=source)
    assert (claim.quote, claim.status, claim.start) == (QUOTE, "open", start)

    # Link supporting evidence from a new source, then contradicting from an existing one.
    add_evidence(
        page,
        stance="Supports",
        **{
            "Or a new source: title": "Ministry well register 2024",
            "Outlet": "Ministry of Water",
            "Excerpt relied on": "Wells completed in 2024: 948.",
            "Information credibility": "2 - probably true",
        },
    )
    add_evidence(
        page,
        stance="Contradicts",
        **{
            "Existing source": "Ministry well register 2024",
            "Excerpt relied on": "Of these, 310 were repairs of old wells.",
            "The source's own figure": "638 new wells",
        },
    )
    stances = sorted(Evidence.objects.filter(claim=claim).values_list("stance", flat=True))
    assert stances == ["contradicts", "supports"]
    assert page.locator(".evidence-item").count() == 2

    # Start research, then submit with a rating and a rationale.
    page.locator("form.action-start button").click()
    page.wait_for_selector(".action-submit")
    page.locator("#claim-draft select[name=rating]").select_option("mixed")
    page.locator("#claim-draft textarea[name=rationale]").fill(
        "948 wells were completed, but a third were repairs."
    )
    page.locator(".action-submit button").click()
    page.wait_for_selector(".workflow-panel strong.status-in_review")
    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.submitted_by) == ("in_review", "mixed", analyst)

    # The reviewer approves from the queue.
    sign_out(page)
    sign_in(page, "rev")
    page.get_by_role("link", name="Review queue", exact=True).click()
    item = page.locator(f"#claim-{claim.pk}")
    item.get_by_role("button", name="Approve").click()
    page.wait_for_selector(f"#claim-{claim.pk}", state="detached")
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == ("approved", reviewer)

    # The dashboard shows the new counts.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    assert page.locator('[data-status="approved"]').inner_text() == "1"
    assert page.locator('[data-status="in_review"]').inner_text() == "0"
    assert "Mixed 1" in page.locator("#chart-rating-title").text_content()
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)
    assert page.errors == []


def test_pasted_script_is_shown_and_never_runs(page, analyst):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, "ana")
    page.goto("/sources/add/")
    page.get_by_label("Title").fill("<script>alert(2)</script>")
    page.get_by_label("Paste the text").fill(
        "<script>alert(1)</script> 40 wells <img src=x onerror=alert(3)>"
    )
    page.get_by_label("Look for candidate claims after import").uncheck()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/sources/*/")
    assert "<script>alert(1)</script>" in page.locator("#reader-text").inner_text()
    for url in ("/sources/", "/"):
        page.goto(url)
    page.wait_for_timeout(300)
    assert dialogs == []


def source_with_candidates() -> Source:
    """Import the interview with three candidate claims proposed in it."""
    from claims import workflow
    from sources.importing import import_text

    source = import_text(INTERVIEW, title="Triage", kind="interview").source
    spans = ["Almost a thousand wells", "14 villages", "with the support of the regional council"]
    workflow.propose_candidates(
        source,
        [
            {
                "start": source.text.index(s),
                "end": source.text.index(s) + len(s),
                "kinds": ["quantitative"],
            }
            for s in spans
        ],
    )
    return source


def test_candidates_are_triaged_from_the_keyboard(page, analyst):
    source = source_with_candidates()
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    assert page.locator("mark.is-candidate").count() == 3
    page.locator("#cand-list").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")  # the second candidate: "14 villages"
    page.keyboard.press("a")
    page.wait_for_url("**focus=*")
    page.keyboard.press("d")  # the page reopened at the next one: dismiss it
    page.wait_for_function("document.querySelectorAll('#cand-list .cand').length === 1")
    statuses = dict(Claim.objects.filter(source=source).values_list("quote", "status"))
    assert statuses == {
        "Almost a thousand wells": "candidate",
        "14 villages": "open",
        "with the support of the regional council": "dismissed",
    }
    assert page.locator("mark.st-open").count() == 1


def test_reader_keys_act_only_while_the_candidate_list_has_focus(page, analyst):
    source = source_with_candidates()
    first, second, _ = Claim.objects.filter(source=source).order_by("start")
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    current = page.locator("#cand-list .cand.is-current")

    page.keyboard.press("j")  # focus on the page itself
    page.locator(".speaker-fix summary").first.focus()
    page.keyboard.press("j")
    assert current.count() == 0

    # Tab into the list from the control before it: the focus ring shows, and j moves.
    page.get_by_role("button", name="Look for candidates again").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cand-list"
    ring = page.locator("#cand-list").evaluate(
        "el => ['outlineStyle', 'outlineWidth', 'outlineColor'].map(k => getComputedStyle(el)[k])"
    )
    assert ring == ["solid", "3px", "rgb(26, 79, 160)"]
    page.keyboard.press("j")
    assert current.get_attribute("id") == f"cand-{first.pk}"
    page.keyboard.press("j")
    assert current.get_attribute("id") == f"cand-{second.pk}"

    # Out of the list again, in the record form: j moves nothing, a accepts nothing.
    page.locator("#record-button").focus()
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_timeout(300)  # time enough for a form to have gone
    assert current.get_attribute("id") == f"cand-{second.pk}"
    assert page.url.endswith(f"/sources/{source.pk}/")
    assert set(Claim.objects.filter(source=source).values_list("status", flat=True)) == {
        "candidate"
    }
    assert page.errors == []


def test_skip_link_and_c_key_bring_focus_to_the_candidates(page, analyst):
    source = source_with_candidates()
    first, second, _ = Claim.objects.filter(source=source).order_by("start")
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    current = page.locator("#cand-list .cand.is-current")

    # From the top of the page: Tab and Enter on "Skip to content", then Tab again to "Skip
    # to candidates", shown while it has focus.
    assert page.locator(".skip-cands").bounding_box()["x"] < 0
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to candidates"
    box = page.locator(".skip-cands").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 50
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cand-list"
    page.keyboard.press("j")
    assert current.get_attribute("id") == f"cand-{first.pk}"

    # c from elsewhere in the reader brings focus back to the list; j goes on from there.
    page.locator(".speaker-fix summary").first.focus()
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.id") == "cand-list"
    page.keyboard.press("j")
    assert current.get_attribute("id") == f"cand-{second.pk}"

    # In a field, c is a letter like any other.
    page.locator(".speaker-fix summary").first.click()
    speaker = page.locator(".speaker-fix input[type=text]").first
    speaker.fill("")
    speaker.press("c")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    assert speaker.input_value() == "c"
    assert page.errors == []
