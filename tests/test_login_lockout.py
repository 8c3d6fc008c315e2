"""Sign-in lock-out: 20 failures lock the account and the address, on both sign-in forms."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, signed_in

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "Too many failed sign-ins for this account or from this address"
LIMIT = 20


def sign_in(client: Client, url: str, username: str, password: str, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in_as(client: Client) -> str | None:
    user = client.get("/").wsgi_request.user
    return user.username if user.is_authenticated else None


def fail(client: Client, url: str, times: int, *, username="ana", addresses=None) -> None:
    for n in range(times):
        address = addresses[n] if addresses else "10.0.0.1"
        response = sign_in(client, url, username, "wrong-password", address)
        assert response.status_code in {200, 429}


def test_twenty_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(
    client, analyst, admin_member
):
    fail(client, LOGIN, LIMIT - 2)
    assert sign_in(client, LOGIN, "ana", "wrong-password").status_code == 200  # the 19th
    assert sign_in(client, LOGIN, "ana", "wrong-password").status_code == 429  # the 20th locks
    refused = sign_in(client, LOGIN, "ana", PASSWORD)

    assert refused.status_code == 429
    body = refused.content.decode()
    assert LOCKED in body and 'name="password"' in body and 'value="ana"' in body
    assert int(refused["Retry-After"]) == 15 * 60
    assert signed_in_as(client) is None

    admin = signed_in(admin_member)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "ana" in admin.get(changelist).content.decode()
    unlocked = admin.post(
        changelist,
        {
            "action": "unlock_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
        },
    )
    assert unlocked.status_code == 302
    assert "Unlocked" in " ".join(str(m) for m in get_messages(unlocked.wsgi_request))
    assert not AccessAttempt.objects.exists()

    accepted = sign_in(client, LOGIN, "ana", PASSWORD)
    assert accepted.status_code == 302
    assert signed_in_as(client) == "ana"


def test_the_lock_lifts_once_the_lockout_period_has_passed(client, analyst):
    fail(client, LOGIN, LIMIT)
    assert sign_in(client, LOGIN, "ana", PASSWORD).status_code == 429

    # The period counts from the last failure; move every failure back past it.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=16)
        attempt.save(update_fields=["attempt_time"])

    assert sign_in(client, LOGIN, "ana", PASSWORD).status_code == 302
    assert signed_in_as(client) == "ana"


def test_failures_from_many_addresses_lock_the_account(client, analyst):
    fail(client, LOGIN, LIMIT, addresses=[f"10.1.0.{n}" for n in range(LIMIT)])

    refused = sign_in(client, LOGIN, "ana", PASSWORD, address="10.9.9.9")

    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert signed_in_as(client) is None


def test_failures_on_many_accounts_lock_the_address(client, analyst, reviewer):
    for n in range(LIMIT):
        sign_in(client, LOGIN, f"guess{n}", "wrong-password")

    from_there = sign_in(client, LOGIN, "rev", PASSWORD)
    elsewhere = sign_in(Client(), LOGIN, "rev", PASSWORD, address="10.0.0.2")

    assert from_there.status_code == 429
    assert elsewhere.status_code == 302


def test_a_success_before_the_limit_clears_the_count(client, analyst):
    fail(client, LOGIN, LIMIT - 1)
    assert sign_in(client, LOGIN, "ana", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    fail(client, LOGIN, LIMIT - 1)

    assert sign_in(client, LOGIN, "ana", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_too_and_the_reset_command_unlocks(client, admin_member):
    fail(client, ADMIN_LOGIN, LIMIT, username="boss")

    refused = sign_in(client, ADMIN_LOGIN, "boss", PASSWORD)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert LOCKED in body and 'id="login-form"' in body
    assert sign_in(Client(), LOGIN, "boss", PASSWORD, address="10.3.3.3").status_code == 429

    call_command("axes_reset")

    accepted = sign_in(client, ADMIN_LOGIN, "boss", PASSWORD)
    assert accepted.status_code == 302
    assert signed_in_as(client) == "boss"


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_a_wrong_password_below_the_limit_shows_the_usual_error(client, analyst, url):
    response = sign_in(client, url, "ana", "wrong-password")

    assert response.status_code == 200
    assert LOCKED not in response.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_lockout_under_the_api_is_told_in_json(rf):
    from factcheck.logins import locked_out

    response = locked_out(rf.post("/api/v1/claims/"), None, {"username": "ana"})

    assert (response.status_code, response["Content-Type"]) == (429, "application/json")
    assert LOCKED in json.loads(response.content)["detail"]
    assert response["Retry-After"] == "900"
