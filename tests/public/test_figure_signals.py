"""The figure beside a piece of evidence compares numbers; the stance is the judgement."""

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from claims.models import Claim
from claims.workflow import record_claim
from tests.factories import SourceFactory
from tests.public.conftest import publish

TEXT = "The minister said that about 80% of the wells were repaired in 2024."
QUOTE = "about 80% of the wells were repaired in 2024"


def relation_badges(page: str) -> list[str]:
    found = re.findall(
        r'<span class="figure-relation[^"]*" data-relation="\w+">([^<]*)</span>', page
    )
    return [html.unescape(text) for text in found]


@pytest.fixture
def misleading(analyst, reviewer) -> Claim:
    """A Misleading verdict whose only evidence contradicts it, its figure inside the bounds."""
    source = SourceFactory(text=TEXT)
    start = TEXT.index(QUOTE)
    claim = record_claim(
        source,
        actor=analyst,
        start=start,
        end=start + len(QUOTE),
        kinds=["quantitative"],
        statement="About 80% of the wells were repaired in 2024.",
        quantity_text="about 80%",
        value_low=Decimal("72"),
        value_high=Decimal("88"),
        qualifier="about",
        unit="percent",
    )
    return publish(
        claim,
        analyst,
        reviewer,
        rating="misleading",
        evidence_source=SourceFactory(title="Water board audit"),
        excerpt="The audit found 74% repaired, most of them in 2023.",
        source_figure="74%",
        rationale="74% were repaired, but most in 2023, not 2024.",
    )


def test_the_public_page_compares_the_figure_in_neutral_words(anon, misleading):
    page = anon.get(f"/checks/{misleading.pk}/").content.decode()
    assert relation_badges(page) == ["inside the claim's range 72–88"]
    assert "within the claim's bounds" not in page
    assert 'class="stance stance-contradicts">Contradicts</span>' in page
    assert "Source figure: <strong>74%</strong>" in page
    assert '<span class="muted">(74–74)</span>' in page


def test_the_analysts_claim_page_and_queue_say_the_same(analyst_client, anon, misleading):
    public = relation_badges(anon.get(f"/checks/{misleading.pk}/").content.decode())
    desk = relation_badges(analyst_client.get(f"/claims/{misleading.pk}/").content.decode())
    assert desk == public == ["inside the claim's range 72–88"]


def test_the_comparison_has_one_colour_whatever_the_relation():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    assert ".figure-relation" in css
    assert not re.search(r"\.figure-relation\.rel-|\.rel-(within|overlaps|above|below)", css)
