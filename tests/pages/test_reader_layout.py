"""The reader's layout of text under claim marks, and HTML reduced to text."""

from dataclasses import dataclass

from sources.html_text import html_title, html_to_text
from sources.reader import render_passage, segments


@dataclass
class Span:
    pk: int
    start: int
    end: int
    status: str = "open"


def test_overlapping_claims_split_the_text_into_segments_listing_every_claim():
    outer, inner = Span(1, 0, 20), Span(2, 5, 10, "candidate")
    found = segments(0, 25, [outer, inner])
    assert [(s.start, s.end, [c.pk for c in s.spans]) for s in found] == [
        (0, 5, [1]),
        (5, 10, [2, 1]),  # innermost first
        (10, 20, [1]),
        (20, 25, []),
    ]


def test_claim_crossing_a_passage_is_clipped_to_it():
    found = segments(10, 20, [Span(1, 5, 15)])
    assert [(s.start, s.end, len(s.spans)) for s in found] == [(10, 15, 1), (15, 20, 0)]


def test_rendered_passage_escapes_text_and_keeps_offsets_of_every_segment():
    text = "<b>a</b>\r\n42 <script>x</script>"
    html = render_passage(text, 0, len(text), [Span(7, 10, 12)])
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&#13;" in html  # a raw CR would shift later offsets in the browser
    assert 'data-start="0"' in html and 'data-start="10"' in html
    assert '<mark class="claim st-open" data-claim-id="7" data-claim-ids="7"' in html


def test_mark_of_a_segment_under_two_claims_says_so():
    html = render_passage("0123456789", 0, 10, [Span(1, 0, 8), Span(2, 4, 10, "candidate")])
    assert 'data-claim-ids="2 1"' in html
    assert "overlap" in html
    assert 'class="claim st-candidate is-candidate"' in html  # only candidates: drawn apart


def test_html_upload_is_reduced_to_paragraphs_without_scripts_or_styles():
    page = (
        "<html><head><title>Wells  report</title><style>p{}</style></head><body>"
        "<h1>Wells</h1><p>Officials said <b>40</b>&nbsp;wells<br>were dug.</p>"
        "<script>alert(1)</script><ul><li>one</li><li>two</li></ul></body></html>"
    )
    assert html_to_text(page) == "Wells\n\nOfficials said 40 wells\nwere dug.\n\none\n\ntwo\n"
    assert html_title(page) == "Wells report"
