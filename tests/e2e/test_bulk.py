"""Acting on many claims at once in a real browser: the reader's candidates and the claim list."""

import pytest

from claims.candidates import store_candidates
from claims.models import Claim, ClaimEvent
from sources.importing import import_text
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REASON = "Opinion, not fact"


@pytest.fixture
def interview(interview_text):
    source = import_text(interview_text, title="SOMB director interview", kind="interview").source
    store_candidates(source.pk)
    return source


def test_analyst_dismisses_ten_candidates_with_one_reason(page, analyst, interview, artifacts):
    sign_in(page, analyst.username)
    page.goto(f"/sources/{interview.pk}/")
    boxes = page.locator("#cand-list input.bulk-pick")
    assert boxes.count() > 10
    # One click and one shift-click select the ten from the first to the tenth.
    boxes.nth(0).click()
    boxes.nth(9).click(modifiers=["Shift"])
    assert page.locator("#bulk-count").inner_text() == "10"
    chosen = [int(boxes.nth(i).get_attribute("value")) for i in range(10)]
    assert [boxes.nth(i).is_checked() for i in range(11)] == [True] * 10 + [False]

    page.get_by_label("With the selected").select_option("dismiss")
    page.get_by_label("Reason (to dismiss)").select_option(REASON)
    page.screenshot(path=str(artifacts / "bulk-reader.png"), full_page=False)
    page.get_by_role("button", name="Apply to selected").click()
    page.wait_for_url(f"**/sources/{interview.pk}/")
    assert page.locator(".messages").inner_text().strip() == "10 claims dismissed."

    dismissed = Claim.objects.filter(source=interview, status=Claim.Status.DISMISSED)
    assert sorted(dismissed.values_list("pk", flat=True)) == sorted(chosen)
    events = ClaimEvent.objects.filter(claim__source=interview, action="dismiss")
    assert sorted(events.values_list("claim_id", flat=True)) == sorted(chosen)
    assert {(e.comment, e.actor_id, e.from_status, e.to_status) for e in events} == {
        (REASON, analyst.pk, "candidate", "dismissed")
    }
    # The dismissed ones left the list; the others are still waiting.
    listed = page.locator("#cand-list input.bulk-pick")
    remaining = {int(listed.nth(i).get_attribute("value")) for i in range(listed.count())}
    assert remaining.isdisjoint(chosen)
    assert page.errors == []


def test_select_all_on_a_page_accepts_it_and_names_a_claim_changed_meanwhile(
    page, analyst, interview
):
    sign_in(page, analyst.username)
    page.goto("/claims/?status=candidate&ordering=start&page_size=10")
    page.get_by_label("Select all on this page").check()
    assert page.locator("#bulk-count").inner_text() == "10"
    boxes = page.locator("input.bulk-pick")
    on_page = [int(boxes.nth(i).get_attribute("value")) for i in range(boxes.count())]
    assert len(on_page) == 10
    # Someone else accepts one of them after the page was loaded.
    changed = Claim.objects.get(pk=on_page[3])
    changed.status, changed.version = Claim.Status.OPEN, changed.version + 1
    changed.save(update_fields=["status", "version"])

    page.get_by_label("With the selected").select_option("accept")
    page.get_by_role("button", name="Apply to selected").click()
    page.wait_for_url("**/claims/?status=candidate*")
    messages = page.locator(".messages li").all_inner_texts()
    assert messages[:2] == ["9 claims accepted.", "1 claim not accepted:"]
    assert messages[2].startswith(f"#{changed.pk}: Someone changed it after the list was loaded")

    accepted = ClaimEvent.objects.filter(action="accept").values_list("claim_id", flat=True)
    assert sorted(accepted) == sorted(set(on_page) - {changed.pk})
    candidates = Claim.objects.filter(source=interview, status=Claim.Status.CANDIDATE)
    assert candidates.filter(pk__in=on_page).count() == 0
    assert candidates.count() > 0  # the next page's were not touched
    assert page.errors == []


def test_bulk_dismiss_without_a_reason_is_refused_beside_the_field(page, analyst, interview):
    sign_in(page, analyst.username)
    page.goto(f"/sources/{interview.pk}/")
    page.locator("#cand-list input.bulk-pick").nth(0).click()
    page.get_by_label("With the selected").select_option("dismiss")
    reason = page.get_by_label("Reason (to dismiss)")
    assert reason.evaluate("el => el.required")
    page.get_by_role("button", name="Apply to selected").click()
    error = page.locator("#id_bulk-comment_error")
    error.wait_for()
    assert error.inner_text() == "Give a reason for dismissing them."
    assert reason.get_attribute("aria-describedby") == "id_bulk-comment_error"
    assert page.url.endswith(f"/sources/{interview.pk}/")  # the same page, the box still ticked
    assert page.locator("#cand-list input.bulk-pick").nth(0).is_checked()
    assert not ClaimEvent.objects.filter(action="dismiss").exists()

    reason.select_option(REASON)
    assert error.count() == 0
    page.get_by_role("button", name="Apply to selected").click()
    page.wait_for_url(f"**/sources/{interview.pk}/")
    assert page.locator(".messages").inner_text().strip() == "1 claim dismissed."
    assert list(ClaimEvent.objects.filter(action="dismiss").values_list("comment", flat=True)) == [
        REASON
    ]
    # Another action needs no reason.
    assert not page.get_by_label("Reason (to dismiss)").evaluate("el => el.required")
    assert page.errors == []
