"""Claim pages: the list, recording a claim, the claim page with evidence and draft."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimEvent, Evidence
from sources.models import Source
from tests.factories import ClaimFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.pages.markup import start_tags

pytestmark = pytest.mark.django_db

TEXT = "Officials said that 40 wells were dug in 2024 near Tarn, the mayor said."


@pytest.fixture
def source():
    source = SourceFactory(text=TEXT)
    PassageFactory(source=source, speaker="Mayor of Tarn", role="answer")
    return source


def test_claim_list_runs_the_same_queries_for_5_and_50_rows(analyst_client, analyst):
    counts = []
    for n, more in ((5, 5), (50, 45)):
        ClaimFactory.create_batch(more, assignee=analyst, tags=["Tarn"])
        with CaptureQueriesContext(connection) as queries:
            response = analyst_client.get("/claims/?page_size=50&ordering=start")
        rows = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
        assert rows.count("<tr>") == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_claim_list_filters_and_counts_by_status(analyst_client):
    ClaimFactory(status=Claim.Status.OPEN, tags=["Niger"], quote="wells of Tarn")
    ClaimFactory(status=Claim.Status.CANDIDATE, tags=["Niger"], quote="schools of Keld")
    ClaimFactory(status=Claim.Status.OPEN, tags=["CAR"], quote="roads of Bria")
    response = analyst_client.get("/claims/?tag=Niger&status=open")
    rows = list(response.context["page"].object_list)
    assert [c.tags for c in rows] == [["Niger"]] and rows[0].status == "open"
    counts = {s.value: c.n for s, c in response.context["status_counts"]}
    assert counts["open"] == 1 and counts["candidate"] == 1  # counts ignore the status picked
    assert list(analyst_client.get("/claims/?q=tarn").context["page"].object_list) == rows


def test_claim_list_reports_a_bad_filter_instead_of_failing(analyst_client):
    ClaimFactory()
    response = analyst_client.get("/claims/?status=nonsense&source=abc")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_recording_a_claim_stores_the_span_and_an_event(analyst_client, analyst, source):
    start = TEXT.index("40 wells")
    end = start + len("40 wells were dug in 2024")
    form = analyst_client.get(f"/claims/new/?source={source.pk}&start={start}&end={end}")
    assert "40 wells were dug in 2024</mark>" in form.content.decode()
    assert form.context["form"].initial["speaker"] == "Mayor of Tarn"
    response = analyst_client.post(
        "/claims/new/",
        {
            "source": source.pk,
            "start": start,
            "end": end,
            "kinds": ["quantitative"],
            "statement": "Officials say 40 wells were dug in 2024.",
            "speaker": "Mayor of Tarn",
            "tags": "Tarn, water, Tarn",
            "value_low": "40",
            "value_high": "40",
        },
    )
    claim = Claim.objects.get()
    assert response["Location"] == f"/claims/{claim.pk}/"
    assert (claim.quote, claim.status, claim.created_by) == (
        "40 wells were dug in 2024",
        "open",
        analyst,
    )
    assert claim.tags == ["Tarn", "water"]
    assert ClaimEvent.objects.get(claim=claim).action == "record"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"start": 10, "end": 500}, "end", "is not inside the text"),
        ({"start": 10, "end": 20, "kinds": []}, "kinds", "quantitative, attributive or both"),
        ({"start": 30, "end": 10}, "end", "is not inside the text"),
        ({"start": 0, "end": 10, "value_low": "9", "value_high": "2"}, "value_high", "below"),
    ],
)
def test_bad_claim_is_refused_beside_the_field(analyst_client, source, fields, field, message):
    data = {"source": source.pk, "kinds": ["quantitative"], **fields}
    response = analyst_client.post("/claims/new/", data)
    body = response.content.decode()
    assert message in body
    assert f'id="id_{field}_error"' in body
    assert not Claim.objects.exists()


def test_same_span_twice_is_refused(analyst_client, source):
    ClaimFactory(source=source, start=0, end=9)
    body = analyst_client.post(
        "/claims/new/", {"source": source.pk, "start": 0, "end": 9, "kinds": ["attributive"]}
    ).content.decode()
    assert "already marks exactly this span." in body
    assert Claim.objects.count() == 1


def test_reviewer_cannot_record_claims(reviewer_client, source):
    response = reviewer_client.post(
        "/claims/new/", {"source": source.pk, "start": 0, "end": 9, "kinds": ["attributive"]}
    )
    assert response.status_code == 403 and not Claim.objects.exists()


def test_claim_page_shows_quote_in_context_and_evidence_by_stance(analyst_client, source):
    claim = ClaimFactory(source=source, start=20, end=28, kinds=["quantitative"], unit="wells")
    EvidenceFactory(claim=claim, stance="supports", excerpt="Ministry: 40 new wells.")
    EvidenceFactory(claim=claim, stance="contradicts", excerpt="Only 12 wells <b>found</b>.")
    body = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    assert '<span class="context">Officials said that </span><mark' in body
    assert body.index("Ministry: 40 new wells.") < body.index("Only 12 wells")
    assert "&lt;b&gt;found&lt;/b&gt;" in body
    assert "Reliability B" in body and "Credibility 2" in body
    assert 'class="workflow-panel"' in body


def test_evidence_from_an_existing_source_is_linked(analyst_client, analyst, source):
    claim = ClaimFactory(source=source)
    other = SourceFactory(title="Ministry report")
    response = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {"source": other.pk, "stance": "supports", "excerpt": "40 wells", "credibility": 2},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.source, evidence.stance, evidence.credibility) == (other, "supports", 2)
    assert claim.events.get().action == "add_evidence"


def test_evidence_from_a_new_source_creates_it(analyst_client, source):
    claim = ClaimFactory(source=source)
    analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {
            "new_title": "NGO survey",
            "new_url": "https://ngo.example/survey",
            "new_outlet": "Water NGO",
            "stance": "contradicts",
            "source_figure": "12 wells",
            "credibility": 3,
        },
    )
    evidence = Evidence.objects.get()
    assert evidence.source.title == "NGO survey" and evidence.source.outlet.name == "Water NGO"
    assert evidence.source_figure == "12 wells"


def test_evidence_from_a_new_source_given_by_url_alone_is_named_after_it(analyst_client, source):
    claim = ClaimFactory(source=source)
    response = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {
            "new_url": "https://health.example.org/reports/2024/field-operations.pdf",
            "excerpt": "Volunteers deployed: 1,050.",
            "source_figure": "1,050 volunteers",
            "stance": "contradicts",
            "credibility": 3,
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.source.title == "health.example.org — field-operations.pdf"
    assert evidence.source.url == "https://health.example.org/reports/2024/field-operations.pdf"
    assert (evidence.excerpt, evidence.figure_low) == ("Volunteers deployed: 1,050.", 1050)


def test_evidence_without_source_or_stance_is_refused(analyst_client, source):
    claim = ClaimFactory(source=source)
    body = analyst_client.post(f"/claims/{claim.pk}/evidence/", {"credibility": 3}).content.decode()
    assert 'id="id_source_error"' in body and 'id="id_stance_error"' in body
    assert not Evidence.objects.exists()


def test_evidence_on_a_claim_in_review_is_refused_and_no_source_is_left(analyst_client, source):
    claim = ClaimFactory(source=source, status=Claim.Status.IN_REVIEW)
    before = Source.objects.count()
    body = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {"new_title": "Late find", "stance": "supports", "credibility": 3},
    ).content.decode()
    assert "send it back" in body
    assert not Evidence.objects.exists() and Source.objects.count() == before


def test_draft_edit_saves_rating_and_rationale(analyst_client, source):
    claim = ClaimFactory(source=source, kinds=["quantitative"])
    response = analyst_client.post(
        f"/claims/{claim.pk}/edit/",
        {
            "version": claim.version,
            "kinds": ["quantitative"],
            "rating": "mostly_true",
            "rationale": "The ministry counts 38.",
            "attribution_status": "unchecked",
            "tags": "Tarn",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.rating, claim.rationale, claim.tags) == (
        "mostly_true",
        "The ministry counts 38.",
        ["Tarn"],
    )
    assert claim.events.get().action == "edit"


def test_draft_edit_on_a_stale_version_is_refused_keeping_the_typing(analyst_client, source):
    claim = ClaimFactory(source=source, version=3)
    typed = {
        "version": 2,
        "kinds": ["quantitative"],
        "rating": "false",
        "rationale": "A rationale typed while someone else saved.",
        "attribution_status": "unchecked",
    }
    response = analyst_client.post(f"/claims/{claim.pk}/edit/", typed)
    body = response.content.decode()
    assert response.status_code == 400
    assert "What you typed is still in the form below" in body
    assert "press “Save draft” again" in body
    assert "A rationale typed while someone else saved.</textarea>" in body
    claim.refresh_from_db()
    assert claim.rating == "" and claim.version == 3
    # The form came back on the claim's new version: sent again, it is saved.
    form = response.context["edit_form"]
    assert form["version"].value() == 3
    again = analyst_client.post(f"/claims/{claim.pk}/edit/", {**typed, "version": 3})
    assert again.status_code == 302
    claim.refresh_from_db()
    assert (claim.rating, claim.rationale) == ("false", typed["rationale"])


def test_removing_evidence_unlinks_it(analyst_client, source):
    evidence = EvidenceFactory(claim=ClaimFactory(source=source))
    analyst_client.post(f"/claims/{evidence.claim_id}/evidence/{evidence.pk}/remove/")
    assert not Evidence.objects.exists()
    assert ClaimEvent.objects.get().action == "remove_evidence"


def test_outsider_is_told_the_claim_does_not_exist(outsider_client):
    claim = ClaimFactory(quote="a secret draft")
    response = outsider_client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 404
    assert "a secret draft" not in response.content.decode()


def test_reviewer_cannot_edit_a_claim(reviewer_client):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/edit/", {"version": 1, "kinds": ["quantitative"], "rating": "false"}
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.rating == ""


def test_wrong_method_is_refused(analyst_client):
    claim = ClaimFactory()
    assert analyst_client.put(f"/claims/{claim.pk}/edit/").status_code == 405
    assert analyst_client.post(f"/claims/{claim.pk}/").status_code == 405


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("/claims/{claim}/evidence/", "/claims/{claim}/"),
        ("/claims/{claim}/edit/", "/claims/{claim}/"),
        ("/claims/{claim}/transition/", "/claims/{claim}/"),
        ("/claims/{claim}/move/", "/claims/{claim}/"),
        ("/claims/bulk/", "/claims/"),
        ("/sources/{source}/remove/", "/sources/{source}/"),
        ("/exports/new/", "/exports/"),
    ],
)
def test_opening_a_form_address_goes_to_the_page_of_the_form(analyst_client, address, page):
    claim = ClaimFactory()
    ids = {"claim": claim.pk, "source": claim.source_id}
    response = analyst_client.get(address.format(**ids), follow=True)
    assert response.redirect_chain == [(page.format(**ids), 302)]
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.version == 1 and not claim.events.exists()


def test_status_tabs_keep_the_other_filters_and_start_at_page_one(analyst_client):
    ClaimFactory(status=Claim.Status.OPEN, tags=["Niger"])
    body = analyst_client.get("/claims/?tag=Niger&status=open&page=1").content.decode()

    assert 'href="?tag=Niger&amp;status=in_review"' in body
    assert 'href="?tag=Niger"' in body  # "All" drops the status, keeps the tag


def test_claim_list_sorts_by_the_same_orderings_as_the_api(analyst_client):
    first, second = ClaimFactory(start=30), ClaimFactory(start=5)

    by_start = analyst_client.get("/claims/?ordering=start").context["page"].object_list
    newest = analyst_client.get("/claims/").context["page"].object_list

    assert [c.pk for c in by_start] == [second.pk, first.pk]
    assert [c.pk for c in newest] == [second.pk, first.pk]  # newest first when unsorted
    options = analyst_client.get("/claims/").context["filters"].fields["ordering"].choices
    assert ("-approved_at", "Approved (descending)") in list(options)


def test_evidence_figure_is_compared_with_the_claim_on_page_api_and_queue(
    analyst_client, reviewer_client, analyst
):
    claim = ClaimFactory(
        status=Claim.Status.IN_RESEARCH,
        assignee=analyst,
        value_low=900,
        value_high=999,
        unit="militants",
        quantity_text="almost a thousand",
    )
    other = SourceFactory(title="Monitoring report")

    added = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {
            "source": other.pk,
            "stance": "contradicts",
            "source_figure": "about 400",
            "credibility": 2,
        },
    )

    assert added.status_code == 302
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.figure_low, evidence.figure_high) == (360, 440)
    page = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-relation="above">the claim says more (×2.37)</span>' in page
    row = analyst_client.get("/api/v1/evidence/", {"claim": claim.pk}).json()["results"][0]
    assert (row["figure_low"], row["figure_high"]) == ("360", "440")
    assert (row["figure_relation"], row["figure_ratio"]) == ("above", 2.37)
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW, rating="false")
    queue = reviewer_client.get("/review/").content.decode()
    assert 'data-relation="above">the claim says more (×2.37)</span>' in queue


def test_bounds_given_by_the_analyst_win_over_the_figure_read(analyst_client, analyst):
    claim = ClaimFactory(status=Claim.Status.IN_RESEARCH, assignee=analyst, value_low=900,
                         value_high=999)  # fmt: skip
    response = analyst_client.post(
        f"/claims/{claim.pk}/evidence/",
        {
            "source": SourceFactory().pk,
            "stance": "supports",
            "source_figure": "about 400",
            "figure_low": "920",
            "figure_high": "960",
            "credibility": 2,
        },
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.figure_low, evidence.figure_high) == (920, 960)
    assert evidence.figure_comparison.relation == "within"


@pytest.mark.parametrize(
    ("url", "groups"),
    [
        ("/claims/?rating=false&rating=mixed", {"rating"}),
        ("/search/?q=wells&rating=false&rating=mixed", {"status", "rating"}),
        ("/review/?rating=false&rating=mixed", {"rating"}),
    ],
)
def test_status_and_rating_filters_show_every_choice_as_a_box(reviewer_client, url, groups):
    tags = start_tags(reviewer_client.get(url).content.decode())
    assert not [a for t, a in tags if t == "select" and "multiple" in a]
    boxes = [a for t, a in tags if t == "input" and a.get("type") == "checkbox"]
    choices = {"status": Claim.Status, "rating": Claim.Rating}
    for name in groups:
        mine = [box for box in boxes if box["name"] == name]
        assert [box["value"] for box in mine] == list(choices[name].values)
        checked = {box["value"] for box in mine if "checked" in box}
        assert checked == ({"false", "mixed"} if name == "rating" else set())


def test_claim_list_counts_the_filters_it_folds(analyst_client):
    html = analyst_client.get("/claims/?status=open&speaker=Tarn&kind=quantitative").content
    assert "<summary>Filters (2 active)</summary>" in html.decode()
    html = analyst_client.get("/claims/?status=open").content
    assert "<summary>Filters</summary>" in html.decode()


def test_the_claims_bounds_are_read_from_its_quantity_when_left_blank(analyst_client, source):
    claim = ClaimFactory(source=source, kinds=["quantitative"])
    draft = {
        "version": claim.version,
        "kinds": ["quantitative"],
        "attribution_status": "unchecked",
        "quantity_text": "1,200",
        "unit": "volunteers",
    }
    assert analyst_client.post(f"/claims/{claim.pk}/edit/", draft).status_code == 302
    claim.refresh_from_db()
    assert (claim.value_low, claim.value_high, claim.unit) == (1200, 1200, "volunteers")
    assert claim.events.get().changes["value_high"] == [None, "1200"]
    # Evidence with a figure is now compared with the claim's.
    EvidenceFactory(
        claim=claim, source_figure="1,050 volunteers", figure_low=1050, figure_high=1050
    )
    body = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    assert "1200 – 1200 volunteers" in body and "not comparable" not in body


def test_submitting_the_draft_refused_saves_none_of_it(analyst_client, analyst, source):
    claim = ClaimFactory(source=source, status=Claim.Status.IN_RESEARCH, assignee=analyst)
    response = analyst_client.post(
        f"/claims/{claim.pk}/edit/",
        {
            "version": claim.version,
            "then": "submit",
            "kinds": ["quantitative"],
            "attribution_status": "unchecked",
            "statement": "A statement typed before pressing Submit.",
            "rating": "false",
            "rationale": "No such count.",
            "comment": "Ready.",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Not submitted for review, and nothing saved yet:" in body
    assert "Link at least one piece of evidence" in body
    assert ">Ready.</textarea>" in body  # the comment typed beside Submit, kept
    claim.refresh_from_db()
    assert (claim.status, claim.statement, claim.rating) == (
        "in_research",
        "Officials say 40 wells were dug in 2024.",
        "",
    )
    assert not ClaimEvent.objects.filter(claim=claim).exists()
