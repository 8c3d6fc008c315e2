"""A source longer than one part in a real browser: record on the second part, triage across."""

import re

import pytest

from claims import workflow
from claims.models import Claim
from sources.importing import import_text
from sources.parts import PART_CHARS
from tests.e2e.conftest import sign_in
from tests.e2e.test_analyst_flow import select_text
from tests.pages.test_reader_parts import interview

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def long_source():
    text = interview(int(2.5 * PART_CHARS), tag="Tarn")
    return import_text(text, title="Long Tarn interview", kind="interview").source


def test_claim_selected_on_the_second_part_is_recorded_at_its_offsets(page, analyst, artifacts):
    source = long_source()
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    page.get_by_role("navigation", name="Parts of the text", exact=True).get_by_role(
        "link", name="Next part"
    ).click()
    page.wait_for_url("**/?page=2")
    assert "Part 2 of 3" in page.locator(".part-nav").first.inner_text()
    first_shown = int(page.locator("#reader-text [data-start]").first.get_attribute("data-start"))
    assert first_shown > PART_CHARS // 2

    # A sentence of this part only: its number appears nowhere before.
    needle = next(
        match.group()
        for match in re.finditer(r"about \d+ wells were dug in district \d+", source.text)
        if match.start() > first_shown + 500
    )
    select_text(page, needle)
    start = source.text.index(needle)
    page.wait_for_function(
        "start => document.getElementById('record-start').value === String(start)", arg=start
    )
    assert page.locator("#record-end").input_value() == str(start + len(needle))
    page.screenshot(path=str(artifacts / "reader-part-2.png"), full_page=False)
    page.get_by_role("button", name="Record claim").click()

    assert page.locator("mark.quote").inner_text() == needle
    page.get_by_label("Quantitative").check()
    page.get_by_label("Statement").fill("Wells were dug in the district in 2024.")
    page.get_by_role("button", name="Record claim").click()
    page.wait_for_url("**/claims/*/")
    claim = Claim.objects.get(source=source)
    assert (claim.start, claim.end, claim.quote) == (start, start + len(needle), needle)

    # Back from the claim's page: the reader opens at the part holding it.
    page.get_by_role("link", name=f"← {source.title}").click()
    page.wait_for_selector(f"#rec-{claim.pk}.is-current")
    assert "Part 2 of 3" in page.locator(".part-nav").first.inner_text()
    assert page.locator(f'mark[data-claim-ids~="{claim.pk}"]').count() >= 1
    assert page.errors == []


def test_triage_from_the_keyboard_goes_on_in_the_next_part_with_candidates(page, analyst):
    source = long_source()
    text = source.text
    figures = [m.start() for m in re.finditer(r"about \d+ wells", text)]
    second, third = PART_CHARS + 1000, 2 * PART_CHARS + 1000
    spans = [s for s in figures if s > second][:2] + [s for s in figures if s > third][:1]
    workflow.propose_candidates(
        source, [{"start": s, "end": s + 14, "kinds": ["quantitative"]} for s in spans]
    )
    first, last_of_part, in_next = Claim.objects.filter(source=source).order_by("start")
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/?at={first.start}")
    assert "Part 2 of 3" in page.locator(".part-nav").first.inner_text()
    assert page.locator("#cand-list .cand").count() == 2

    page.locator("#cand-list").focus()
    page.keyboard.press("j")
    page.keyboard.press("a")  # accept the first: the page reopens at the second, same part
    page.wait_for_url(f"**focus={last_of_part.pk}*")
    assert "Part 2 of 3" in page.locator(".part-nav").first.inner_text()
    assert page.locator("#cand-list .cand.is-current").get_attribute("id") == (
        f"cand-{last_of_part.pk}"
    )
    page.keyboard.press("d")  # dismiss the part's last: triage goes on in the next part
    page.wait_for_url(f"**focus={in_next.pk}*")
    assert "Part 3 of 3" in page.locator(".part-nav").first.inner_text()
    assert page.locator("#cand-list .cand.is-current").get_attribute("id") == f"cand-{in_next.pk}"
    statuses = dict(Claim.objects.filter(source=source).values_list("pk", "status"))
    assert statuses == {first.pk: "open", last_of_part.pk: "dismissed", in_next.pk: "candidate"}
    assert page.errors == []
