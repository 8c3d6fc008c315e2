"""Recording from the reader: the form filled in by the extractor, moving spans, refusals."""

from decimal import Decimal

import pytest

from claims import workflow
from claims.models import Claim, ClaimEvent
from extraction.spans import analyse_span
from sources.importing import import_text
from tests.factories import ClaimFactory, SourceFactory
from tests.workflow.conftest import claim_in

pytestmark = pytest.mark.django_db

SURRENDERED = "almost a thousand militants voluntarily surrendered in 2024"
ELIMINATION = "the elimination of several hundred militants"


@pytest.fixture
def interview(interview_text):
    return import_text(interview_text, title="SOMB interview", kind="interview").source


def record_url(source, quote: str) -> str:
    start = source.text.index(quote)
    return f"/claims/new/?source={source.pk}&start={start}&end={start + len(quote)}"


def test_analyse_span_reads_kinds_figure_and_attribution():
    assert analyse_span(SURRENDERED) == {
        "kinds": ["quantitative"],
        "quantity_text": "almost a thousand",
        "qualifier": "almost",
        "value_low": 900,
        "value_high": 999,
        "unit": "militants",
        "period": "2024",
    }
    credited = analyse_span("which led to " + ELIMINATION)
    assert credited["kinds"] == ["quantitative", "attributive"]
    assert credited["attribution_verb"] == "led to"
    assert "attributed_to" not in credited  # a cause names nobody who says anything
    assert analyse_span("They are filtered and retrained") == {}


def test_the_record_form_comes_filled_in_from_the_selected_words(analyst_client, interview):
    form = analyst_client.get(record_url(interview, SURRENDERED)).context["form"]
    values = {name: form[name].value() for name in form.fields}
    assert values["kinds"] == ["quantitative"]
    assert (values["quantity_text"], values["qualifier"]) == ("almost a thousand", "almost")
    assert (values["value_low"], values["value_high"]) == (900, 999)
    assert (values["unit"], values["period"]) == ("militants", "2024")
    assert values["speaker"] == "Alexander Ivanov"


def test_a_figure_without_digits_comes_up_with_its_kind_ticked(analyst_client, interview):
    response = analyst_client.get(record_url(interview, ELIMINATION))
    body = response.content.decode()
    assert 'value="quantitative" id="id_kinds_0" checked' in body
    start = interview.text.index(ELIMINATION)
    form = response.context["form"]
    # Saved as it came up, without a word typed: recorded, not refused.
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    saved = analyst_client.post("/claims/new/", data)
    claim = Claim.objects.get(source=interview, start=start)
    assert saved["Location"] == claim.get_absolute_url()
    assert (claim.value_low, claim.value_high, claim.unit) == (200, 900, "militants")
    assert claim.qualifier == "several hundred"


def test_the_analyst_may_change_what_was_filled_in(analyst_client, interview):
    start = interview.text.index(SURRENDERED)
    analyst_client.post(
        "/claims/new/",
        {
            "source": interview.pk,
            "start": start,
            "end": start + len(SURRENDERED),
            "kinds": ["quantitative", "attributive"],
            "quantity_text": "almost a thousand",
            "value_low": "950",
            "value_high": "999",
            "unit": "fighters",
        },
    )
    claim = Claim.objects.get(source=interview)
    assert (claim.kinds, claim.value_low, claim.unit) == (
        ["attributive", "quantitative"],
        950,
        "fighters",
    )


def test_help_texts_read_as_examples(analyst_client, interview):
    body = analyst_client.get(record_url(interview, SURRENDERED)).content.decode()
    assert "e.g. “almost a thousand”" in body
    assert '<span class="help" id="id_quantity_text_helptext">almost a thousand</span>' not in body


def test_a_taken_span_is_refused_naming_and_linking_its_claim(analyst_client, analyst):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    held = workflow.record_claim(source, actor=analyst, start=20, end=28, kinds=["quantitative"])
    response = analyst_client.post(
        "/claims/new/", {"source": source.pk, "start": 20, "end": 28, "kinds": ["quantitative"]}
    )
    body = response.content.decode()
    assert f"Claim #{held.pk} already marks exactly this span." in body
    assert f'<a href="/claims/{held.pk}/">claim #{held.pk} “40 wells”</a>' in body
    assert Claim.objects.count() == 1


def test_the_reader_offers_moving_only_open_and_in_research_claims(analyst_client, analyst):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    movable = claim_in("in_research", source=source, start=20, end=28, assignee=analyst)
    frozen = claim_in("in_review", source=source, start=33, end=44)
    body = analyst_client.get(f"/sources/{source.pk}/").content.decode()
    assert f'data-move-url="/claims/{movable.pk}/move/"' in body
    assert f'data-move-url="/claims/{frozen.pk}/move/"' not in body
    page = analyst_client.get(movable.get_absolute_url()).content.decode()
    assert 'id="move-span"' in page
    assert 'id="move-span"' not in analyst_client.get(frozen.get_absolute_url()).content.decode()


def test_moving_from_the_reader_trims_the_span_and_reopens_there(analyst_client, analyst):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    claim = workflow.record_claim(source, actor=analyst, start=20, end=44, kinds=["quantitative"])
    response = analyst_client.post(
        f"/claims/{claim.pk}/move/", {"version": 1, "start": 20, "end": 28}, follow=True
    )
    assert response.redirect_chain[0][0] == (
        f"/sources/{source.pk}/?at=20&focus={claim.pk}#rec-{claim.pk}"
    )
    assert f"Claim #{claim.pk} now marks characters 20–28: “40 wells”." in (
        response.content.decode()
    )
    claim.refresh_from_db()
    assert (claim.quote, claim.version) == ("40 wells", 2)
    event = ClaimEvent.objects.get(claim=claim, action="move")
    assert (event.changes["start"], event.changes["end"]) == ([20, 20], [44, 28])


def test_a_refused_move_says_why_and_links_the_claim_holding_the_span(analyst_client, analyst):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    claim = workflow.record_claim(source, actor=analyst, start=20, end=44, kinds=["quantitative"])
    held = workflow.record_claim(source, actor=analyst, start=20, end=28, kinds=["quantitative"])
    body = analyst_client.post(
        f"/claims/{claim.pk}/move/", {"version": 1, "start": 20, "end": 28}, follow=True
    ).content.decode()
    assert f"Claim #{held.pk} already marks exactly this span." in body
    assert f'<a href="/claims/{held.pk}/">Open claim #{held.pk}</a>' in body
    missing = analyst_client.post(f"/claims/{claim.pk}/move/", {"version": 1}, follow=True)
    assert "select the words it should mark" in missing.content.decode()
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (20, 44, 1)


def test_a_stale_move_says_the_reader_now_shows_the_claim_as_it_stands(analyst_client, analyst):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    claim = workflow.record_claim(source, actor=analyst, start=20, end=44, kinds=["quantitative"])
    workflow.update_claim(claim.pk, actor=analyst, version=1, unit="wells")
    response = analyst_client.post(
        f"/claims/{claim.pk}/move/", {"version": 1, "start": 20, "end": 28}, follow=True
    )
    assert response.redirect_chain[0][0] == (
        f"/sources/{source.pk}/?at=20&focus={claim.pk}#rec-{claim.pk}"
    )
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Claim #{claim.pk} was not moved: someone changed it while the reader was open. The "
        "reader now shows it as it stands; select the words again and press "
        f"“Move claim #{claim.pk} here”."
    ]
    # The reader offers the move again over the version that now stands.
    assert f'data-move-url="/claims/{claim.pk}/move/" data-version="2"' in response.content.decode()
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (20, 44, 2)


def test_a_reviewer_may_not_move_a_claim(reviewer_client, analyst):
    claim = claim_in("open")
    response = reviewer_client.post(
        f"/claims/{claim.pk}/move/", {"version": 1, "start": 0, "end": 5}
    )
    assert response.status_code == 403
    assert not ClaimEvent.objects.filter(action="move").exists()


def test_a_refused_submit_comes_back_with_what_was_typed(analyst_client, analyst):
    claim = claim_in("in_research", assignee=analyst, evidence=0, rating="", rationale="")
    url = claim.get_absolute_url()
    response = analyst_client.post(
        f"/claims/{claim.pk}/transition/",
        {
            "action": "submit",
            "version": claim.version,
            "rating": "false",
            "rationale": "The ministry counted 310.",
            "comment": "First pass.",
            "next": url,
        },
        follow=True,
    )
    body = response.content.decode()
    assert '<option value="false" selected>' in body
    assert ">The ministry counted 310.</textarea>" in body
    assert ">First pass.</textarea>" in body
    assert (
        f'<p class="error" role="alert" id="refusal-submit-{claim.pk}">Link at least one piece'
        in body
    )
    claim.refresh_from_db()
    assert (claim.status, claim.rating, claim.rationale) == ("in_research", "", "")
    # Shown once: the next visit shows the claim as it is.
    again = analyst_client.get(url).content.decode()
    assert "The ministry counted 310." not in again


def test_a_refused_field_gets_its_reason_beside_it(analyst_client, analyst):
    claim = claim_in("in_research", assignee=analyst, rationale="")
    body = analyst_client.post(
        f"/claims/{claim.pk}/transition/",
        {"action": "submit", "version": claim.version, "rating": "false", "rationale": " "},
        follow=True,
    ).content.decode()
    assert (
        f'<span class="error" id="rationale-{claim.pk}-error">Write the rationale before '
        "submitting.</span>" in body
    )
    assert f'aria-describedby="rationale-{claim.pk}-error"' in body


def test_a_refused_send_back_keeps_the_comment_in_the_queue(reviewer_client, analyst):
    claim = claim_in("in_review", assignee=analyst, submitted_by=analyst)
    body = reviewer_client.post(
        f"/claims/{claim.pk}/transition/",
        {
            "action": "request_changes",
            "version": claim.version + 1,
            "comment": "Which ministry?",
            "next": "/review/",
        },
        follow=True,
    ).content.decode()
    assert ">Which ministry?</textarea>" in body
    assert f'id="comment-{claim.pk}-error">Someone changed claim #{claim.pk} while you' in body
    assert "What you typed is still in the form below" in body
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_a_refusal_is_shown_only_on_the_page_the_form_was_sent_from(analyst_client, analyst):
    claim = claim_in("in_research", assignee=analyst, evidence=0, rating="", rationale="")
    analyst_client.post(
        f"/claims/{claim.pk}/transition/",
        {
            "action": "submit",
            "version": claim.version,
            "rating": "false",
            "rationale": "Typed on the queue.",
            "next": "/my-work/",
        },
    )
    analyst_client.get("/my-work/")  # the page it went back to shows no workflow forms
    body = analyst_client.get(claim.get_absolute_url()).content.decode()
    assert "Typed on the queue." not in body
    assert f'id="refusal-submit-{claim.pk}"' not in body


def test_a_claim_past_the_listed_hundred_is_listed_and_movable_when_in_focus(
    analyst_client, analyst
):
    from claims.views.sources import LIST_LIMIT

    text = " ".join(f"{n} wells" for n in range(LIST_LIMIT + 1))
    source = SourceFactory(text=text)
    claims = [
        ClaimFactory(
            source=source,
            start=text.index(f"{n} wells"),
            end=text.index(f"{n} wells") + len(str(n)),
        )
        for n in range(LIST_LIMIT + 1)
    ]
    last = claims[-1]
    plain = analyst_client.get(f"/sources/{source.pk}/").content.decode()
    assert f'id="rec-{last.pk}"' not in plain and "Listing 100 of them" in plain
    body = analyst_client.get(f"/sources/{source.pk}/?focus={last.pk}").content.decode()
    assert f'data-move-url="/claims/{last.pk}/move/"' in body
    assert body.count('<li id="rec-') == LIST_LIMIT


def test_the_draft_shows_bounds_as_written(analyst_client):
    claim = claim_in("open", value_low=Decimal("12.5"), value_high=Decimal("900"))
    form = analyst_client.get(claim.get_absolute_url()).context["edit_form"]
    assert (str(form["value_low"].value()), str(form["value_high"].value())) == ("12.5", "900")


def test_a_refused_dismiss_is_explained_beside_its_candidate(analyst_client):
    source = SourceFactory(text="Officials said that 40 wells were dug in 2024 near Tarn.")
    workflow.propose_candidates(source, [{"start": 20, "end": 28, "kinds": ["quantitative"]}])
    candidate = Claim.objects.get()
    reader = f"/sources/{source.pk}/"
    body = analyst_client.post(
        f"/claims/{candidate.pk}/transition/",
        {
            "action": "dismiss",
            "version": candidate.version + 1,
            "comment": "Opinion, not fact",
            "next": f"{reader}?focus={candidate.pk}",
        },
        follow=True,
    ).content.decode()
    assert f'id="refused-{candidate.pk}">Dismiss refused: Someone changed claim' in body
    assert "<option selected>Opinion, not fact</option>" in body
    assert Claim.objects.get().status == "candidate"
    assert f'id="refused-{candidate.pk}"' not in analyst_client.get(reader).content.decode()
