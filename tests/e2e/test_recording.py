"""Recording from the interview in a real browser: a figure filled in, a span trimmed, a refused
submit that keeps its rationale, and a candidate accepted with one click."""

import pytest

from claims.candidates import store_candidates
from claims.models import Claim, ClaimEvent
from sources.importing import import_text
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SURRENDERED = "almost a thousand militants voluntarily surrendered in 2024"
TRIMMED = "almost a thousand militants voluntarily surrendered"


def select_span(page, start: int, end: int) -> None:
    """Select text[start:end] of the source in the reader, as a drag of the mouse would."""
    page.evaluate(
        """([start, end]) => {
            const root = document.getElementById("reader-text");
            // Offsets count code points; a segment's text node counts UTF-16 units.
            function point(offset) {
                for (const seg of root.querySelectorAll("[data-start]")) {
                    const first = Number(seg.dataset.start);
                    const chars = Array.from(seg.textContent);
                    if (offset < first || offset > first + chars.length) continue;
                    const units = chars.slice(0, offset - first).join("").length;
                    const walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
                    let seen = 0;
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        if (units <= seen + node.data.length) return [node, units - seen];
                        seen += node.data.length;
                    }
                }
                throw new Error("offset not shown: " + offset);
            }
            const range = document.createRange();
            range.setStart(...point(start));
            range.setEnd(...point(end));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        [start, end],
    )


def wait_for_span(page, start: int, end: int) -> None:
    page.wait_for_function(
        "([s, e]) => document.getElementById('record-start').value === String(s)"
        " && document.getElementById('record-end').value === String(e)",
        arg=[start, end],
    )


def settle(page) -> None:
    """Wait until neither the page nor the side panel has scrolled for ten frames."""
    page.evaluate(
        """() => new Promise((resolve) => {
            const side = document.querySelector(".reader-side");
            let last = "", still = 0;
            (function tick() {
                const now = window.scrollY + "," + side.scrollTop;
                still = now === last ? still + 1 : 0;
                last = now;
                if (still >= 10) resolve(); else requestAnimationFrame(tick);
            })();
        })"""
    )


def test_recording_from_the_interview_fills_itself_in(page, analyst, interview_text, artifacts):
    source = import_text(interview_text, title="SOMB interview", kind="interview").source
    store_candidates(source.pk)
    start = source.text.index(SURRENDERED)
    sign_in(page, "ana")

    # Select the words and record them without typing a figure.
    page.goto(f"/sources/{source.pk}/")
    select_span(page, start, start + len(SURRENDERED))
    wait_for_span(page, start, start + len(SURRENDERED))
    page.locator("#record-button").click()
    page.wait_for_url("**/claims/new/**")
    assert page.get_by_label("Quantitative").is_checked()
    assert page.get_by_label("Quantity as written").input_value() == "almost a thousand"
    assert page.get_by_label("Unit").input_value() == "militants"
    page.screenshot(path=str(artifacts / "record-filled-in.png"), full_page=True)
    page.get_by_role("button", name="Record claim").click()
    page.wait_for_url("**/claims/*/")
    claim = Claim.objects.get(source=source, status="open")
    facts = page.locator("dl.facts").inner_text()
    assert "900 – 999 militants" in facts
    assert "Period\n2024" in facts
    assert (claim.quote, claim.value_low, claim.value_high) == (SURRENDERED, 900, 999)
    assert (claim.unit, claim.period, claim.qualifier) == ("militants", "2024", "almost")

    # Trim the span from the reader: the claim is picked there; select fewer words.
    page.locator("#move-span").click()
    page.wait_for_url(f"**focus={claim.pk}**")
    assert page.locator("#move-form").is_hidden()
    select_span(page, start, start + len(TRIMMED))
    wait_for_span(page, start, start + len(TRIMMED))
    page.get_by_role("button", name=f"Move claim #{claim.pk} here").click()
    page.wait_for_selector(".message.success")
    assert (
        f"now marks characters {start}–{start + len(TRIMMED)}"
        in page.locator(".messages").inner_text()
    )
    claim.refresh_from_db()
    assert (claim.quote, claim.end, claim.version) == (TRIMMED, start + len(TRIMMED), 2)
    move = ClaimEvent.objects.get(claim=claim, action="move")
    assert move.changes["end"] == [start + len(SURRENDERED), start + len(TRIMMED)]

    # Start research and submit without evidence: refused, the rationale still there.
    page.goto(f"/claims/{claim.pk}/")
    page.locator("form.action-start button").click()
    page.wait_for_selector(".action-submit")
    rationale = "Officials of the CAR counted 870 surrenders in 2024."
    page.locator("#claim-draft select[name=rating]").select_option("mostly_true")
    page.locator("#claim-draft textarea[name=rationale]").fill(rationale)
    page.locator(".action-submit button").click()
    refusal = page.locator("#edit-errors")
    refusal.wait_for()
    assert "Link at least one piece of evidence" in refusal.inner_text()
    assert page.locator("#claim-draft textarea[name=rationale]").input_value() == rationale
    assert page.locator("#claim-draft select[name=rating]").input_value() == "mostly_true"
    page.screenshot(path=str(artifacts / "refused-submit.png"), full_page=True)
    claim.refresh_from_db()
    assert (claim.status, claim.rationale) == ("in_research", "")
    # The refused form comes back with a 400, which the console reports; nothing else.
    assert [e for e in page.errors if "status of 400" not in e] == []


def test_accept_works_on_the_first_click(page, analyst, interview_text):
    source = import_text(interview_text, title="SOMB interview", kind="interview").source
    store_candidates(source.pk)
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    settle(page)
    # A candidate further down the list, brought into view by scrolling the list alone (the
    # page stays at its top) and whose words lie below the screen: picking it must scroll
    # neither the page nor the list, or the button would move from under the pointer.
    target_id = Claim.objects.filter(source=source, status="candidate").order_by("start")[10].pk
    page.evaluate(
        """(id) => {
            const side = document.querySelector(".reader-side");
            const button = document.querySelector("#cand-" + id + " form.js-accept button");
            side.scrollTop += button.getBoundingClientRect().top - window.innerHeight * 0.6;
        }""",
        target_id,
    )
    settle(page)
    placed = page.evaluate(
        """(id) => [window.scrollY, document.querySelector("#cand-" + id + " form.js-accept button")
            .getBoundingClientRect().top / window.innerHeight, document.querySelector(
            `#reader-text mark[data-claim-id="${id}"]`).getBoundingClientRect().top
            > window.innerHeight]""",
        target_id,
    )
    assert placed[0] == 0 and 0.5 < placed[1] < 0.7 and placed[2], placed
    assert page.locator("#cand-list .cand.is-current").count() == 0
    # Press the button and hold it while what the press set off happens (the row is picked,
    # the earlier claims it may repeat are fetched), as a person's click takes that long.
    box = page.locator(f"#cand-{target_id} form.js-accept button").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_function(
        "(id) => { const slot = document.getElementById('similar-' + id);"
        " return slot.dataset.loaded && !slot.hasAttribute('aria-busy'); }",
        arg=target_id,
    )
    settle(page)
    page.mouse.up()
    page.wait_for_url("**focus=*")
    target = Claim.objects.get(pk=target_id)
    assert target.status == "open"
    assert ClaimEvent.objects.filter(claim=target, action="accept").count() == 1
    assert page.errors == []
