"""A reader with no account opens the published verdicts, on a desktop and on a phone."""

import json

import pytest

from claims.demo import load_demo
from claims.models import Claim

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_verdict(transactional_db) -> Claim:
    source = load_demo(create_users=True).source
    return Claim.objects.published().get(source=source)


def overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_reader_opens_the_index_and_a_verdict_without_signing_in(page, demo_verdict, artifacts):
    page.goto("/checks/")
    assert page.get_by_role("heading", name="Fact checks").is_visible()
    page.get_by_role("link", name=demo_verdict.statement).click()
    page.wait_for_url(f"**/checks/{demo_verdict.pk}/")

    assert page.get_by_role("heading", name=demo_verdict.statement).is_visible()
    assert page.get_by_role("heading", name="Our verdict: True").is_visible()
    assert page.locator("mark", has_text=demo_verdict.quote).is_visible()
    review = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert review["url"].endswith(f"/checks/{demo_verdict.pk}/")
    assert review["reviewRating"]["alternateName"] == "True"
    assert page.get_by_role("button", name="Sign out").count() == 0  # nobody signed in
    assert page.errors == []  # no console error, no script or style the CSP refused
    page.screenshot(path=str(artifacts / "public-verdict.png"), full_page=True)


def test_a_verdict_reads_on_a_phone(browser, live_server, demo_verdict, artifacts):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for url in ["/checks/", f"/checks/{demo_verdict.pk}/"]:
            phone.goto(url)
            assert overflow(phone) <= 1, f"{url} is {overflow(phone)}px wider than the screen"
        heading = phone.get_by_role("heading", name=demo_verdict.statement).bounding_box()
        assert heading["x"] >= 0 and heading["x"] + heading["width"] <= PHONE["width"]
        phone.screenshot(path=str(artifacts / "public-verdict-phone.png"), full_page=True)
        assert errors == []
    finally:
        context.close()
