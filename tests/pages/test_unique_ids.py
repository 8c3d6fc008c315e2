"""Ids stay unique on a page with two forms in error, and errors are named by their fields."""

from collections import Counter

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from claims.models import Claim
from tests.factories import ClaimFactory
from tests.pages.markup import start_tags

pytestmark = pytest.mark.django_db

REFERRING = ("for", "aria-describedby", "aria-labelledby")


def test_claim_page_with_both_forms_in_error_has_no_duplicate_ids(analyst_client):
    claim = ClaimFactory(status=Claim.Status.OPEN)
    edit = analyst_client.post(
        reverse("claim-edit", args=[claim.pk]),
        {"version": claim.version, "value_low": "many", "tags": "x" * 60},
    )
    # An address that is both malformed and too long: one field, two errors.
    evidence = analyst_client.post(
        reverse("evidence-add", args=[claim.pk]), {"new_url": "not a url " + "x" * 2100}
    )
    assert (edit.status_code, evidence.status_code) == (400, 400)
    # Each view answers with its own form in error; draw the page with both at once.
    context = evidence.context[0].flatten()
    context["edit_form"] = edit.context["edit_form"]
    html = render_to_string("claims/detail.html", context, request=evidence.wsgi_request)
    tags = start_tags(html)

    ids = Counter(attrs["id"] for _, attrs in tags if "id" in attrs)
    assert [id_ for id_, n in ids.items() if n > 1] == []
    assert {"edit-errors", "evidence-errors"} <= ids.keys()
    referred = {
        ref for _, attrs in tags for name in REFERRING for ref in attrs.get(name, "").split()
    }
    assert referred <= ids.keys(), f"point at nothing: {referred - ids.keys()}"
    # Every field's errors are read out with it: no error message is left unreferenced.
    field_errors = {id_ for id_ in ids if id_.endswith("_error")}
    assert field_errors >= {"id_value_low_error", "id_tags_error", "id_kinds_error"}
    # The address, given, is what is wrong: not the missing choice of a source.
    assert field_errors >= {"id_new_url_error", "id_stance_error"}
    assert field_errors <= referred


def test_every_reference_on_the_pages_an_analyst_uses_names_an_element_there(analyst_client):
    """A help text the page does not show (the filters' API descriptions) is not pointed at."""
    from claims.demo import load_demo

    source = load_demo(create_users=False).source
    claim = Claim.objects.filter(source=source).first()
    pages = [
        "/", "/claims/", "/claims/?q=harbour&rating=false", "/review/", "/search/?q=ferry",
        "/sources/", f"/sources/{source.pk}/", f"/sources/{source.pk}/edit/",
        f"/claims/{claim.pk}/", "/my-work/", "/exports/", "/tokens/",
        "/outlets/", "/checks/",
    ]  # fmt: skip
    dangling = []
    for url in pages:
        response = analyst_client.get(url)
        assert response.status_code == 200, url
        tags = start_tags(response.content.decode())
        ids = {attrs["id"] for _, attrs in tags if "id" in attrs}
        dangling += [
            (url, ref)
            for _, attrs in tags
            for name in (*REFERRING, "aria-controls")
            for ref in attrs.get(name, "").split()
            if ref not in ids
        ]
    assert dangling == []
