"""On a phone-sized screen every page fits its width: nothing needs sideways scrolling."""

import pytest

from claims.demo import load_demo
from claims.models import Claim
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
    for url in ["/", "/sources/", f"/sources/{source.pk}/", "/claims/", f"/claims/{claim.pk}/"]:
        phone_page.goto(url)
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{url} is {overflow}px wider than the screen"
        assert phone_page.get_by_role("navigation", name="Main").is_visible()
    phone_page.goto(f"/sources/{source.pk}/")
    phone_page.screenshot(path=str(artifacts / "reader-phone.png"), full_page=False)
