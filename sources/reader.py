"""Lay a source's text out for the reader: passages cut into segments under the marks of claims.

Pure functions over offsets, so the reader renders in one pass without a template loop per
character run. Overlapping spans split the text into segments; each segment lists every span
covering it and carries the offset of its first character, so the page can map a selection
back to exact offsets of the source text.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sources.parts import Part


class Span(Protocol):
    pk: int
    start: int
    end: int
    status: str


@dataclass(frozen=True)
class Segment:
    """A run of text [start, end) and the spans covering it, innermost first."""

    start: int
    end: int
    spans: tuple


def segments(start: int, end: int, spans: Sequence[Span]) -> list[Segment]:
    """Cut [start, end) at every span boundary inside it; each piece lists its covering spans."""
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = {start, end}
    for span in inside:
        cuts.update(c for c in (span.start, span.end) if start < c < end)
    points = sorted(cuts)
    found = []
    for left, right in pairwise(points):
        covering = [s for s in inside if s.start <= left and s.end >= right]
        # The shortest span is the one a reader means when they point at the segment.
        covering.sort(key=lambda s: (s.end - s.start, s.start, s.pk))
        found.append(Segment(left, right, tuple(covering)))
    return found


def _text(text: str) -> str:
    # A raw CR would be folded into LF by the HTML parser and shift every later offset.
    return escape(text).replace("\r", "&#13;")


def render_passage(
    text: str, start: int, end: int, spans: Iterable[Span], *, base: int = 0
) -> SafeString:
    """Return the HTML of the source's [start, end) with a <mark> per segment claims cover.

    `text` is the source's text from offset `base` on (all of it when base is 0); the
    offsets written into the page stay offsets into the whole text.
    """
    html = []
    for seg in segments(start, end, list(spans)):
        body = _text(text[seg.start - base : seg.end - base])
        if not seg.spans:
            html.append(f'<span data-start="{seg.start}">{body}</span>')
            continue
        inner = seg.spans[0]
        statuses = {s.status for s in seg.spans}
        classes = ["claim", f"st-{inner.status}"]
        if statuses == {"candidate"}:
            classes.append("is-candidate")
        if len(seg.spans) > 1:
            classes.append("overlap")
        ids = " ".join(str(s.pk) for s in seg.spans)
        label = "claims" if len(seg.spans) > 1 else "claim"
        html.append(
            f'<mark class="{" ".join(classes)}" data-claim-id="{inner.pk}" '
            f'data-claim-ids="{ids}" data-start="{seg.start}" '
            f'title="{label} {escape(", ".join("#" + str(s.pk) for s in seg.spans))}">'
            f"{body}</mark>"
        )
    # Every piece of source text above went through escape().
    return mark_safe("".join(html))


def render_part(part: Part, spans: Sequence[Span]) -> list[dict]:
    """Return the reader's rows for a part: each passage run with its HTML under the marks."""
    return [
        {
            "passage": piece.passage,
            "continued": piece.continued,
            "continues": piece.continues,
            "html": render_passage(part.text, piece.start, piece.end, spans, base=part.base),
        }
        for piece in part.pieces
    ]
