"""The public index of verdicts and its Atom feed: newest first, filtered, page by page."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from django.utils.html import escape

from claims.models import Claim
from claims.views import public
from tests.factories import ClaimFactory, SourceFactory
from tests.public.conftest import SITE, correct

ATOM = "{http://www.w3.org/2005/Atom}"
LINK = re.compile(r'class="verdict-title" href="/checks/(\d+)/"')


def verdict(minutes_ago: int, **fields) -> Claim:
    """A published verdict approved some minutes ago (the index only reads it)."""
    when = timezone.now() - timedelta(minutes=minutes_ago)
    fields.setdefault("rating", Claim.Rating.FALSE)
    return ClaimFactory(
        status=Claim.Status.APPROVED, approved_at=when, first_approved_at=when, **fields
    )


def listed(anon, query: str = "") -> tuple[list[int], str]:
    response = anon.get(f"/checks/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return [int(pk) for pk in LINK.findall(html)], html


def link(html: str, rel: str) -> str:
    match = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
    return match.group(1).replace("&amp;", "&") if match else ""


@pytest.fixture
def small_pages(db, monkeypatch):
    monkeypatch.setattr(public, "INDEX_PAGE_SIZE", 2)


def test_index_lists_published_verdicts_newest_first(anon, db):
    older, newer = verdict(10), verdict(5)
    ClaimFactory(status=Claim.Status.IN_REVIEW, rating=Claim.Rating.FALSE)
    ids, html = listed(anon)
    assert ids == [newer.pk, older.pk]
    assert "2 published verdicts, newest first." in html
    assert not link(html, "next") and not link(html, "prev")


def test_index_pages_one_past_a_page_and_back(anon, small_pages):
    claims = [verdict(minutes) for minutes in (1, 2, 3)]  # newest first
    same_moment = claims[2].approved_at
    tie = verdict(0)
    Claim.objects.filter(pk=tie.pk).update(approved_at=same_moment)  # same time: id decides
    order = [claims[0].pk, claims[1].pk, tie.pk, claims[2].pk]

    first, html = listed(anon)
    assert first == order[:2]
    second, html = listed(anon, link(html, "next"))
    assert second == order[2:]
    assert not link(html, "next")
    back, html = listed(anon, link(html, "prev"))
    assert back == order[:2]
    assert not link(html, "prev")


def test_exactly_one_page_has_no_next_page(anon, small_pages):
    verdict(1), verdict(2)
    ids, html = listed(anon)
    assert len(ids) == 2 and not link(html, "next")


def test_index_filters_by_rating_and_source(anon, db):
    source = SourceFactory(title="The minister's interview")
    false_here = verdict(1, source=source)
    true_here = verdict(2, source=source, rating=Claim.Rating.TRUE)
    false_elsewhere = verdict(3)

    assert listed(anon, "?rating=false")[0] == [false_here.pk, false_elsewhere.pk]
    ids, html = listed(anon, f"?source={source.pk}")
    assert ids == [false_here.pk, true_here.pk]
    assert "on claims from “The minister&#x27;s interview”" in html
    assert listed(anon, f"?source={source.pk}&rating=true")[0] == [true_here.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [("?rating=pants", "rating"), ("?source=abc", "source"), ("?after=yesterday_3", "after")],
)
def test_a_bad_filter_is_named_and_left_out(anon, db, query, field):
    claim = verdict(1)
    ids, html = listed(anon, query)
    assert ids == [claim.pk]
    assert f'id="error-{field}"' in html


@pytest.mark.parametrize("value", ["bogus", "<b>TRUE</b>"])
def test_a_rating_not_understood_is_said_in_words_beside_the_select(anon, db, value):
    false, true = verdict(2), verdict(1, rating=Claim.Rating.TRUE)
    ids, html = listed(anon, f"?rating={quote(value)}")
    shown = escape(value)
    assert ids == [true.pk, false.pk]  # every rating, as the message says
    beside = re.search(
        r'<select name="rating"([^>]*)>.*?</select>\s*<span class="error" id="error-rating">'
        r"([^<]*)</span>",
        html,
        re.S,
    )
    assert beside.group(2) == f"No such rating: {shown}. Showing every rating."
    assert 'aria-describedby="error-rating"' in beside.group(1)
    assert "Select a valid choice" not in html
    assert anon.get(f"/checks/feed/?rating={quote(value)}").status_code == 200


def test_index_runs_the_same_queries_whatever_the_page_holds(
    anon, small_pages, django_assert_num_queries
):
    verdict(1)
    with django_assert_num_queries(2) as one:  # the page's rows and the count
        anon.get("/checks/")
    for minutes in (2, 3, 4):
        verdict(minutes)
    with django_assert_num_queries(len(one.captured_queries)):
        anon.get("/checks/")


def feed_entries(anon, query: str = "") -> list[ET.Element]:
    response = anon.get(f"/checks/feed/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_atom_feed_carries_the_newest_verdicts_from_the_same_builder(anon, db, monkeypatch):
    older, newer = verdict(10, statement="Old claim."), verdict(5, rating=Claim.Rating.TRUE)
    entries = feed_entries(anon)
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        f"{SITE}/checks/{newer.pk}/",
        f"{SITE}/checks/{older.pk}/",
    ]
    last = entries[1]
    assert last.find(f"{ATOM}title").text == "False: Old claim."
    assert last.find(f"{ATOM}link").get("href") == f"{SITE}/checks/{older.pk}/"
    assert last.find(f"{ATOM}author/{ATOM}name").text == "Desk"
    assert [e.find(f"{ATOM}id").text for e in feed_entries(anon, "?rating=true")] == [
        f"{SITE}/checks/{newer.pk}/"
    ]
    monkeypatch.setattr(public, "FEED_SIZE", 1)
    assert len(feed_entries(anon)) == 1


def test_atom_entry_of_a_corrected_verdict_is_updated(anon, published_claim, analyst, reviewer2):
    corrected = correct(published_claim, analyst, reviewer2, rating="misleading", reason="Ledger")
    [entry] = feed_entries(anon)
    published = entry.find(f"{ATOM}published").text
    updated = entry.find(f"{ATOM}updated").text
    assert updated > published
    assert entry.find(f"{ATOM}title").text.startswith("Misleading: ")
    assert corrected.first_approved_at < corrected.approved_at


@pytest.mark.parametrize(
    ("query", "listed_ids"),
    [
        ("?source=99999999999999999999", False),
        ("?after=2025-01-01T00:00:00%2B00:00_99999999999999999999", False),
        ("?before=0001-01-01T00:00:00%2B00:00_1", True),
        ("?rating=false&rating=true", True),  # the last value counts
    ],
)
def test_out_of_range_values_never_fail(anon, db, query, listed_ids):
    claim = verdict(1, rating=Claim.Rating.TRUE)
    ids, _ = listed(anon, query)
    assert ids == ([claim.pk] if listed_ids else [])
    assert anon.get(f"/checks/feed/{query}").status_code == 200
