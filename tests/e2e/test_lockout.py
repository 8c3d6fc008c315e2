"""In the browser: the sign-in form locks after 20 failures, says why, and opens once unlocked."""

from axes.models import AccessAttempt
from django.core.management import call_command

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in


def try_password(page, password: str) -> None:
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_sign_in_form_locks_after_twenty_failures_and_opens_after_a_reset(page, analyst):
    page.goto("/accounts/login/")
    for _ in range(20):
        try_password(page, "not-the-password")

    try_password(page, PASSWORD)

    alert = page.get_by_role("alert")
    assert "Too many failed sign-ins" in alert.inner_text()
    assert page.url.endswith("/accounts/login/")
    assert page.get_by_label("Username").input_value() == "ana"
    # The console notes each 429 page load; nothing else (no script or policy error).
    assert [e for e in page.errors if "status of 429" not in e] == []
    assert AccessAttempt.objects.get(username="ana").failures_since_start >= 20

    call_command("axes_reset")
    sign_in(page, "ana")

    assert page.get_by_text("Signed in as").is_visible()
