"""The verdict is typed once, in the claim's draft: Submit sends what is typed there."""

import pytest

from claims.models import Claim, ClaimEvent
from tests.e2e.conftest import sign_in
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_submit_sends_the_rating_and_rationale_typed_in_the_draft(page, analyst):
    claim = ClaimFactory(
        status=Claim.Status.IN_RESEARCH,
        assignee=analyst,
        rating="",
        rationale="Old rationale, saved earlier.",
    )
    EvidenceFactory(claim=claim)
    sign_in(page, analyst.username)
    page.goto(f"/claims/{claim.pk}/")
    # One rating and one rationale on the page: the draft's.
    assert page.locator("select[name=rating]").count() == 1
    assert page.locator("textarea[name=rationale]").count() == 1
    page.locator("#claim-draft select[name=rating]").select_option("misleading")
    page.locator("#claim-draft textarea[name=rationale]").fill("New rationale, never saved.")
    page.get_by_label("Statement").fill("Ten wells were dug.")
    page.locator(".action-submit textarea[name=comment]").fill("Ready.")
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_selector(".workflow-panel strong.status-in_review")
    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.rationale, claim.statement) == (
        "in_review",
        "misleading",
        "New rationale, never saved.",
        "Ten wells were dug.",
    )
    submit = ClaimEvent.objects.get(claim=claim, action="submit")
    assert submit.comment == "Ready."
    assert page.errors == []


def test_refused_submit_keeps_the_draft_as_typed_and_saves_nothing(page, analyst):
    claim = ClaimFactory(status=Claim.Status.IN_RESEARCH, assignee=analyst, rating="")
    sign_in(page, analyst.username)
    page.goto(f"/claims/{claim.pk}/")
    page.locator("#claim-draft select[name=rating]").select_option("false")
    page.locator("#claim-draft textarea[name=rationale]").fill("No such count exists.")
    page.get_by_role("button", name="Submit", exact=True).click()
    page.locator("#edit-errors").wait_for()
    assert "Link at least one piece of evidence" in page.locator("#edit-errors").inner_text()
    assert page.locator("#claim-draft textarea[name=rationale]").input_value() == (
        "No such count exists."
    )
    assert page.locator("#claim-draft select[name=rating]").input_value() == "false"
    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.rationale) == ("in_research", "", "")
