"""Every list page pages the same way: links keep the other parameters, one stylesheet."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.templatetags.static import static

from claims.models import Claim
from claims.views.review import MY_WORK_PAGE_SIZE, QUEUE_PAGE_SIZE
from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory
from tests.pages.markup import start_tags

pytestmark = pytest.mark.django_db

PAGINATION_RULE = re.compile(r"^\.pagination\s*\{", re.MULTILINE)


def claims_two_per_page(analyst) -> dict[str, list[str]]:
    ClaimFactory.create_batch(3, status=Claim.Status.OPEN)
    return {"status": ["open", "in_research"], "page_size": ["2"]}


def sources_two_per_page(analyst) -> dict[str, list[str]]:
    SourceFactory.create_batch(3, kind=Source.Kind.ARTICLE)
    return {"kind": [Source.Kind.ARTICLE], "page_size": ["2"]}


def queue_one_past_a_page(analyst) -> dict[str, list[str]]:
    ClaimFactory.create_batch(
        QUEUE_PAGE_SIZE + 1, status=Claim.Status.IN_REVIEW, rating=Claim.Rating.MIXED
    )
    return {"rating": [Claim.Rating.MIXED]}


def my_work_one_past_a_page(analyst) -> dict[str, list[str]]:
    ClaimFactory.create_batch(MY_WORK_PAGE_SIZE + 1, assignee=analyst)
    # The page has no filters; whatever else the address holds still rides along.
    return {"from": ["dashboard"]}


LIST_PAGES = [
    ("/claims/", "analyst_client", claims_two_per_page),
    ("/sources/", "analyst_client", sources_two_per_page),
    ("/review/", "reviewer_client", queue_one_past_a_page),
    ("/my-work/", "analyst_client", my_work_one_past_a_page),
]


def pagination_stylesheet() -> str:
    """Return the one stylesheet, as a path under static/, that styles the pagination."""
    holders = [
        css.relative_to(directory).as_posix()
        for directory in map(Path, settings.STATICFILES_DIRS)
        for css in directory.rglob("*.css")
        if PAGINATION_RULE.search(css.read_text(encoding="utf-8"))
    ]
    assert len(holders) == 1, f"pagination styled in {holders}: pages would differ"
    return holders[0]


def stylesheets(html: str) -> list[str]:
    """Return the stylesheets the page loads, as paths under static/."""
    return [
        attrs["href"].removeprefix(static(""))
        for tag, attrs in start_tags(html)
        if tag == "link" and attrs.get("rel") == "stylesheet"
    ]


def page_link(html: str, rel: str) -> dict[str, list[str]]:
    """Return the query of the page's one rel=next (or prev) link."""
    hrefs = [a["href"] for tag, a in start_tags(html) if tag == "a" and a.get("rel") == rel]
    assert len(hrefs) == 1, f"{len(hrefs)} {rel} links"
    return parse_qs(urlsplit(hrefs[0]).query)


@pytest.mark.parametrize(
    ("url", "client_fixture", "make_rows"), LIST_PAGES, ids=[url for url, *_ in LIST_PAGES]
)
def test_list_page_links_to_page_2_keeping_its_other_parameters(
    request, analyst, url, client_fixture, make_rows
):
    client = request.getfixturevalue(client_fixture)
    params = make_rows(analyst)

    first = client.get(url, params).content.decode()
    assert "Page 1 of 2" in first
    assert page_link(first, "next") == {**params, "page": ["2"]}
    assert pagination_stylesheet() in stylesheets(first)

    second = client.get(url, {**params, "page": ["2"]}).content.decode()
    assert "Page 2 of 2" in second
    assert page_link(second, "prev") == {**params, "page": ["1"]}
