"""Pickers that search as you type: no page lists a whole table of sources or members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.lookups import LIMIT
from claims.models import Evidence
from tests.factories import ClaimFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_source_lookup_finds_by_title_outlet_or_number_and_stops_at_the_limit(analyst_client):
    SourceFactory.create_batch(LIMIT + 1, title="Ministry well register")
    other = SourceFactory(title="Harbour report", outlet=OutletFactory(name="Lakeside Courier"))

    many = analyst_client.get("/lookup/sources/", {"q": "well register"}).json()["results"]
    by_outlet = analyst_client.get("/lookup/sources/", {"q": "lakeside"}).json()["results"]
    by_number = analyst_client.get("/lookup/sources/", {"q": str(other.pk)}).json()["results"]

    assert len(many) == LIMIT
    assert all("Ministry well register" in row["label"] for row in many)
    label = f"Harbour report (Lakeside Courier) #{other.pk}"
    assert by_outlet == [{"id": other.pk, "label": label}]
    assert [row["id"] for row in by_number] == [other.pk]


def test_member_lookup_lists_desk_members_only(analyst_client, analyst, reviewer, outsider):
    found = analyst_client.get("/lookup/members/", {"q": ""}).json()["results"]

    assert {row["label"] for row in found} == {"ana", "rev"}


def test_lookups_are_for_members_only(outsider_client, client):
    assert outsider_client.get("/lookup/sources/", {"q": "a"}).status_code == 403
    assert client.get("/lookup/members/").status_code == 302  # to the login page


def test_claim_list_and_claim_page_never_list_every_source(analyst_client):
    claim = ClaimFactory()
    for n in (3, 30):
        SourceFactory.create_batch(n)
        ClaimFactory.create_batch(2)
        with CaptureQueriesContext(connection) as listing:
            body = analyst_client.get("/claims/").content.decode()
        with CaptureQueriesContext(connection) as page:
            detail = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
        assert '<option value="' + str(claim.source_id) not in body + detail
        assert 'data-lookup-url="/lookup/sources/' in body
        assert f'data-lookup-url="/lookup/sources/?exclude={claim.source_id}"' in detail
        counts = (len(listing), len(page))
        if n == 3:
            first = counts
    assert counts == first


def test_claim_list_filters_by_a_picked_source_and_shows_its_name(analyst_client):
    source = SourceFactory(title="Harbour report")
    mine = ClaimFactory(source=source)
    ClaimFactory()

    response = analyst_client.get("/claims/", {"source": source.pk})

    assert [c.pk for c in response.context["page"].object_list] == [mine.pk]
    label = f"Harbour report ({source.outlet.name}) #{source.pk}"
    assert f'value="{label}"' in response.content.decode()


def test_words_typed_without_picking_name_the_one_source_they_match(analyst_client):
    claim = ClaimFactory()
    register = SourceFactory(title="Ministry well register 2024")

    response = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {
            "source": "",
            "source_search": "Ministry well register 2024",
            "stance": "supports",
            "credibility": "2",
        },
    )

    assert response.status_code == 302
    assert Evidence.objects.get(claim=claim).source == register


def test_words_matching_no_source_are_refused_beside_the_field(analyst_client):
    claim = ClaimFactory()

    response = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {"source": "", "source_search": "no such thing", "stance": "supports", "credibility": "2"},
    )

    assert response.status_code == 400
    assert response.context["evidence_form"].errors["source"]
    assert not Evidence.objects.filter(claim=claim).exists()
