"""The search page (/search/) and the search box in the header: same search as the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClaimFactory, EvidenceFactory, PassageFactory, SourceFactory

pytestmark = pytest.mark.django_db

URL = "/search/"


def test_every_page_has_a_search_box_sending_to_the_search_page(analyst_client):
    html = analyst_client.get("/claims/").content.decode()
    assert 'action="/search/"' in html and 'id="site-search-q"' in html and 'name="q"' in html


def test_the_page_lists_claims_best_first_with_marked_words(analyst_client, neighbours):
    response = analyst_client.get(URL, {"q": "milittants voluntarily surrendered"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results[0].title.startswith("almost a thousand militants")
    html = response.content.decode()
    assert "<mark>militants</mark>" in html
    assert f'href="/claims/{results[0].id}/"' in html
    assert "also searched for militants" in html  # the correction is said
    assert response.context["found"].count.n == 2  # the surrender claim and the Mali one


def test_the_page_takes_the_claim_filters(analyst_client, surrender_claim, neighbours):
    response = analyst_client.get(URL, {"q": "militants", "tag": "Mali"})
    assert [r.id for r in response.context["results"]] == [neighbours["mali"].pk]
    assert 'name="tag"' in response.content.decode()


def test_the_page_searches_source_texts_and_evidence(analyst_client, surrender_claim):
    text = "Intro line.\nAlmost a thousand militants surrendered, he said."
    source = SourceFactory(title="Interview text", text=text)
    passage = PassageFactory(source=source, start=12, end=len(text))
    EvidenceFactory(claim=surrender_claim, excerpt="The UN counted 950 militants.")
    sources = analyst_client.get(URL, {"q": "militants", "type": "source"})
    [result] = sources.context["results"]
    assert result.url == f"/sources/{source.pk}/?at=12#passage-{passage.pk}"
    assert "Interview text" in sources.content.decode()
    evidence = analyst_client.get(URL, {"q": "militants", "type": "evidence"})
    [result] = evidence.context["results"]
    assert result.claim == surrender_claim.pk


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Type words to search for."),
        ({"q": "x" * 201}, "at most 200 characters"),
        ({"q": "the"}, "less common"),
        ({"q": "militants", "type": "people"}, "Choose claim, source or evidence."),
        ({"q": "militants", "type": "source", "status": "open"}, "claim results only"),
        ({"q": "militants", "status": "published"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_a_message_not_an_error_page(analyst_client, params, message):
    response = analyst_client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_the_page_without_a_query_shows_the_form(analyst_client):
    response = analyst_client.get(URL)
    assert response.status_code == 200 and 'id="search-q"' in response.content.decode()
    assert "cannot run" not in response.content.decode()


def test_outsiders_get_403_and_anonymous_visitors_the_login_page(outsider_client, client):
    ClaimFactory(quote="militants surrendered", statement="")
    response = outsider_client.get(URL, {"q": "militants"})
    assert response.status_code == 403 and "militants surrendered" not in response.content.decode()
    anonymous = client.get(URL, {"q": "militants"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_the_page_runs_the_same_queries_for_5_and_50_matches(analyst_client):
    counts = []
    for more in (5, 45):
        ClaimFactory.create_batch(more, quote="militants surrendered", statement="")
        with CaptureQueriesContext(connection) as queries:
            response = analyst_client.get(URL, {"q": "militants", "page_size": 100})
        assert len(response.context["results"]) == more + (5 if more == 45 else 0)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_one_more_result_than_a_page_goes_to_a_second_page(analyst_client):
    ClaimFactory.create_batch(26, quote="militants surrendered", statement="")
    first = analyst_client.get(URL, {"q": "militants"})
    assert len(first.context["results"]) == 25 and 'rel="next"' in first.content.decode()
    second = analyst_client.get(URL, {"q": "militants", "page": 2})
    assert len(second.context["results"]) == 1
    assert {r.id for r in second.context["results"]}.isdisjoint(
        r.id for r in first.context["results"]
    )
