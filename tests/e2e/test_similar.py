"""Checked before? in a real browser: the reader, the claim page and the review queue."""

import pytest
from django.utils import timezone

from claims import workflow
from claims.models import Claim, ClaimEvent, ClaimLink
from sources.importing import import_text
from tests.e2e.conftest import sign_in, sign_out
from tests.e2e.test_analyst_flow import select_text
from tests.similar.conftest import EARLIER, PARAPHRASE, make_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INTERVIEW = (
    "Jean Mbaye, a commander in the north, spoke to the Gazette about the disarmament.\n\n"
    "— What happened in Bambari?\n\n"
    f"— {PARAPHRASE} The roads are still closed.\n"
)


def test_suggestions_in_the_reader_claim_page_and_review_queue(page, analyst, reviewer, artifacts):
    earlier = make_claim(
        EARLIER, status=Claim.Status.APPROVED, rating=Claim.Rating.FALSE, tags=["CAR"]
    )
    source = import_text(INTERVIEW, title="Gazette interview", kind="interview").source
    start = source.text.index(PARAPHRASE)
    workflow.propose_candidates(
        source, [{"start": start, "end": start + len(PARAPHRASE) - 1, "kinds": ["quantitative"]}]
    )
    candidate = Claim.objects.get(source=source)
    in_review = make_claim(
        "Almost 1,000 militants surrendered of their own will in Bambari during 2024.",
        status=Claim.Status.IN_REVIEW,
        rating=Claim.Rating.MISLEADING,
        rationale="The count includes returnees.",
        assignee=analyst,
        submitted_by=analyst,
        submitted_at=timezone.now(),
    )

    # The reader: focusing a candidate shows the earlier claim it may repeat.
    sign_in(page, "ana")
    page.goto(f"/sources/{source.pk}/")
    page.locator(f"#cand-quote-{candidate.pk}").click()
    slot = page.locator(f"#similar-{candidate.pk}")
    slot.locator(f'.similar-item[data-claim-id="{earlier.pk}"]').wait_for()
    assert "Strong match" in slot.inner_text() and "same place: Bambari" in slot.inner_text()

    # Selecting words for a new claim looks them up too, beside the record form.
    select_text(page, "The roads are still closed")
    page.wait_for_function("() => document.getElementById('record-similar').textContent.length > 0")
    select_text(page, PARAPHRASE[:-1])
    panel = page.locator("#record-similar")
    panel.locator(f'.similar-item[data-claim-id="{earlier.pk}"]').wait_for()
    page.screenshot(path=str(artifacts / "reader-similar.png"), full_page=False)

    # The claim page: "Checked before", then "Same claim" links the two.
    workflow.apply_action(candidate.pk, "accept", actor=analyst, version=candidate.version)
    page.goto(f"/claims/{candidate.pk}/")
    checked = page.locator("#checked-before")
    assert f"#{earlier.pk} “{EARLIER}”" in checked.inner_text()
    checked.get_by_role("button", name=f"Same claim as #{earlier.pk}").click()
    page.wait_for_url(f"**/claims/{candidate.pk}/#same-claim")
    assert "Says the same as" in page.locator("#same-claim").inner_text()
    page.screenshot(path=str(artifacts / "claim-similar.png"), full_page=True)
    assert ClaimLink.objects.filter(claim=candidate, earlier=earlier).exists()
    assert ClaimEvent.objects.filter(claim=earlier, action="link_same").count() == 1
    assert ClaimEvent.objects.filter(claim=candidate, action="link_same").count() == 1
    assert page.errors == []
    sign_out(page)

    # The review queue: the claim in review shows how similar approved claims were rated.
    sign_in(page, "rev")
    page.goto("/review/")
    item = page.locator(f"#claim-{in_review.pk}")
    item.locator(".precedent").wait_for()
    assert "Similar approved claims were rated: False ×1" in item.locator(".precedent").inner_text()
    assert f"#{earlier.pk} “" in item.locator(".similar-list").inner_text()
    page.screenshot(path=str(artifacts / "queue-precedent.png"), full_page=True)
    assert page.errors == []
