"""Source details, archiving and removal, and outlet grades, from the pages."""

import pytest

from claims.models import Claim
from claims.workflow import apply_action, propose_candidates
from sources.models import Outlet, OutletGrade, Source, SourceEvent
from tests.factories import ClaimFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _edit(client, source, **fields):
    data = {"title": source.title, "outlet": "", "url": "", "published_at": "", "kind": "article"}
    data.update(fields)
    return client.post(f"/sources/{source.pk}/edit/", data)


def test_analyst_edits_a_source_from_its_page_with_an_event(analyst_client, analyst):
    source = SourceFactory(title="Interview", url="")
    assert 'id="source-edit-link"' in analyst_client.get(f"/sources/{source.pk}/").content.decode()

    response = _edit(
        analyst_client,
        source,
        title="SOMB director interview",
        outlet="TASS",
        url="https://tass.example/somb",
        published_at="2025-01-20",
        kind="interview",
    )

    assert response.status_code == 302 and response.url == f"/sources/{source.pk}/"
    source.refresh_from_db()
    assert (source.title, source.outlet.name, source.url, str(source.published_at)) == (
        "SOMB director interview",
        "TASS",
        "https://tass.example/somb",
        "2025-01-20",
    )
    event = SourceEvent.objects.get(source=source)
    assert (event.action, event.actor) == ("edit", analyst)
    assert event.changes["url"] == ["", "https://tass.example/somb"]
    assert event.changes["kind"] == ["article", "interview"]
    page = analyst_client.get(f"/sources/{source.pk}/edit/").content.decode()
    assert "https://tass.example/somb" in page and "edit" in page


def test_a_bad_url_comes_back_beside_its_field_and_changes_nothing(analyst_client):
    source = SourceFactory(title="Interview", url="")

    response = _edit(analyst_client, source, title="Changed", url="not a url")

    assert response.status_code == 200
    assert 'id="id_url_error"' in response.content.decode()
    assert 'value="Changed"' in response.content.decode()  # what was typed stays
    source.refresh_from_db()
    assert (source.title, source.url) == ("Interview", "") and not SourceEvent.objects.exists()


def test_reviewer_may_not_edit_a_source(reviewer_client):
    source = SourceFactory(title="Interview")
    assert reviewer_client.get(f"/sources/{source.pk}/edit/").status_code == 403
    assert _edit(reviewer_client, source, title="Changed").status_code == 403
    source.refresh_from_db()
    assert source.title == "Interview"


def test_analyst_removes_a_pasted_source_with_its_candidates(analyst_client):
    source = SourceFactory(title="Pasted by mistake")
    propose_candidates(source, [{"start": 0, "end": 6, "kinds": ["quantitative"]}])

    page = analyst_client.get(f"/sources/{source.pk}/edit/").content.decode()
    assert "Remove this source" in page
    response = analyst_client.post(f"/sources/{source.pk}/remove/")

    assert response.status_code == 302 and response.url == "/sources/"
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not Claim.objects.filter(source_id=source.pk).exists()
    listing = analyst_client.get("/sources/").content.decode()
    assert "Removed “Pasted by mistake” and its 1 candidate." in listing


def test_a_source_with_claims_is_archived_not_removed(analyst_client, analyst):
    source = SourceFactory(title="Interview under check")
    claim = ClaimFactory(source=source, status=Claim.Status.CANDIDATE)
    claim = apply_action(claim.pk, "accept", actor=analyst, version=claim.version)

    page = analyst_client.get(f"/sources/{source.pk}/edit/").content.decode()
    assert "Remove this source" not in page and "can only be archived" in page
    refused = analyst_client.post(f"/sources/{source.pk}/remove/", follow=True)
    assert "Not removed: This source holds 1 claim beyond candidates" in refused.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()

    analyst_client.post(f"/sources/{source.pk}/archive/")

    source.refresh_from_db()
    assert source.archived_at is not None
    row = f'<a href="/sources/{source.pk}/">Interview under check</a>'
    assert row not in analyst_client.get("/sources/").content.decode()
    assert row in analyst_client.get("/sources/?archived=1").content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.OPEN
    assert f"/claims/{claim.pk}/" in analyst_client.get("/claims/").content.decode()

    analyst_client.post(f"/sources/{source.pk}/archive/", {"archived": "0"})
    assert row in analyst_client.get("/sources/").content.decode()
    assert list(
        SourceEvent.objects.filter(source=source).order_by("id").values_list("action", flat=True)
    ) == ["archive", "unarchive"]


def test_reviewer_sets_an_outlet_grade_with_a_reason_kept_in_history(reviewer_client, reviewer):
    outlet = OutletFactory(name="TASS", reliability="F")
    listing = reviewer_client.get("/outlets/").content.decode()
    assert "TASS" in listing and f'id="grade-{outlet.pk}"' in listing

    response = reviewer_client.post(
        f"/outlets/{outlet.pk}/", {"grade": "C", "reason": "State agency, figures unsourced."}
    )

    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.reliability, outlet.reliability_note) == (
        "C",
        "State agency, figures unsourced.",
    )
    entry = OutletGrade.objects.get(outlet=outlet)
    assert (entry.previous, entry.grade, entry.set_by) == ("F", "C", reviewer)
    page = reviewer_client.get(f"/outlets/{outlet.pk}/").content.decode()
    assert "State agency, figures unsourced." in page and "F → <strong>C</strong>" in page


def test_a_grade_without_a_reason_comes_back_beside_the_field(reviewer_client):
    outlet = OutletFactory(name="TASS", reliability="F")

    response = reviewer_client.post(f"/outlets/{outlet.pk}/", {"grade": "A", "reason": ""})

    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.content.decode()
    outlet.refresh_from_db()
    assert outlet.reliability == "F" and not OutletGrade.objects.exists()


def test_analyst_sees_grades_but_may_not_set_them(analyst_client):
    outlet = OutletFactory(name="TASS", reliability="F")
    listing = analyst_client.get("/outlets/").content.decode()
    assert "TASS" in listing and f'id="grade-{outlet.pk}"' not in listing

    response = analyst_client.post(f"/outlets/{outlet.pk}/", {"grade": "A", "reason": "Sure."})

    assert response.status_code == 403
    assert Outlet.objects.get(pk=outlet.pk).reliability == "F"


def test_outsider_sees_no_outlets(outsider_client):
    OutletFactory(name="TASS")
    assert outsider_client.get("/outlets/").status_code == 403


def test_outlet_list_runs_the_same_queries_for_a_page_and_one_more_row(reviewer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for more in (5, 46):  # 5, then 51: past a page of 50
        for outlet in OutletFactory.create_batch(more):
            SourceFactory(outlet=outlet)
        with CaptureQueriesContext(connection) as queries:
            response = reviewer_client.get("/outlets/?page_size=50")
        assert response.status_code == 200
        counts.append(len(queries))
    html = response.content.decode()
    assert html.count('grade-form"') == 50 and "page=2" in html
    assert counts[0] == counts[1]
