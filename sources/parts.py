"""Cut a source's text into parts the reader shows one at a time.

Part k (counting from 0) would cover text[k * PART_CHARS : (k + 1) * PART_CHARS]; each of its
boundaries moves back to where a reader expects a break: to the start of the passage holding
it when that passage began at most half a part earlier, otherwise (a passage longer than
that, or a source kept without passages) to the last paragraph break, sentence end or space
in that half part, otherwise nowhere. So:

- every part holds between half a part and one and a half parts of text, and the page stays
  small whatever the size of the source;
- a boundary depends only on the passages and the text just before it, so a part is laid out
  from a few rows and a slice of the text: the queries and the work do not grow with the
  source;
- the part holding an offset is `offset // PART_CHARS` or the one after it, which is what
  `?at=<offset>` opens.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from django.db.models.functions import Substr

from sources.models import Passage, Source

PART_CHARS = 30_000  # characters; a part holds between half and one and a half of this
REACH = PART_CHARS // 2  # how far back a boundary may move

PARAGRAPH_BREAK = re.compile(r"\n")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s+")
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Piece:
    """The run of a part's text inside one passage (the whole part when there is none)."""

    passage: Passage | None
    start: int
    end: int

    @property
    def continued(self) -> bool:
        """Whether the passage began on an earlier part."""
        return self.passage is not None and self.passage.start < self.start

    @property
    def continues(self) -> bool:
        """Whether the passage goes on in the next part."""
        return self.passage is not None and self.passage.end > self.end


@dataclass(frozen=True)
class Part:
    """One part of a source's text: [start, end), its passages, and the text it needs."""

    number: int  # from 1
    count: int
    start: int
    end: int
    text_length: int
    pieces: list[Piece] = field(default_factory=list)
    # The source's text from offset `base` on, at least as far as `end`.
    text: str = ""
    base: int = 0

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def part_count(text_length: int) -> int:
    """Return how many parts a text of this length reads in."""
    return max(1, -(-text_length // PART_CHARS))


def read_part(source: Source, *, number: int | None = None, at: int | None = None) -> Part:
    """Return the part numbered `number` (from 1), or the one holding offset `at`.

    Out-of-range values open the nearest part. Two queries: the passages around the part
    and the slice of the text it needs (the text's length is a column of the source).
    """
    text_length = source.text_length
    count = part_count(text_length)
    if at is not None:
        at = max(0, min(at, text_length - 1))
        index = min(at // PART_CHARS, count - 1)
        windows = 2  # the part of `at` is this one or the next: lay out both
    else:
        index = max(0, min((number or 1) - 1, count - 1))
        windows = 1
    last = min(index + windows, count)
    low, high = _nominal(index, text_length), _nominal(last, text_length)
    base = max(0, low - REACH)
    passages = list(Passage.objects.overlapping(source.pk, low, high + 1)) if text_length else []
    text = _slice(source.pk, base, high)
    layout = _Layout(passages, text, base, text_length)
    bounds = [layout.boundary(_nominal(k, text_length), k, count) for k in range(index, last + 1)]
    if at is not None and len(bounds) == 3 and at >= bounds[1]:
        index, bounds = index + 1, bounds[1:]
    start, end = bounds[0], bounds[1]
    return Part(
        number=index + 1,
        count=count,
        start=start,
        end=end,
        text_length=text_length,
        pieces=layout.pieces(start, end),
        text=text,
        base=base,
    )


def _nominal(index: int, text_length: int) -> int:
    return min(index * PART_CHARS, text_length)


def _slice(source_id: int, start: int, end: int) -> str:
    """Return text[start:end] of a source without reading the rest of it."""
    if end <= start:
        return ""
    sliced = Source.objects.filter(pk=source_id).values_list(
        Substr("text", start + 1, end - start), flat=True
    )
    return sliced.first() or ""


class _Layout:
    """The passages and the text around a few nominal boundaries, to place the real ones."""

    def __init__(self, passages: list[Passage], text: str, base: int, text_length: int) -> None:
        self.passages = passages
        self.starts = [p.start for p in passages]
        self.text, self.base, self.text_length = text, base, text_length

    def holding(self, offset: int) -> Passage | None:
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and self.passages[index].end > offset:
            return self.passages[index]
        return None

    def boundary(self, nominal: int, index: int, count: int) -> int:
        """Return where the part `index` really begins (its end for index == count)."""
        if index <= 0:
            return 0
        if index >= count:
            return self.text_length
        passage = self.holding(nominal)
        if passage is not None and nominal - passage.start <= REACH:
            return passage.start
        # Inside a passage longer than half a part, or in a text without passages (or in the
        # blank space between two): cut where a paragraph or a sentence ends.
        low = nominal - REACH
        window = self.text[low - self.base : nominal - self.base]
        for pattern in (PARAGRAPH_BREAK, SENTENCE_END, SPACE):
            found = None
            for found in pattern.finditer(window):  # noqa: B007 - the last one is wanted
                pass
            if found is not None:
                return low + found.end()
        return nominal

    def pieces(self, start: int, end: int) -> list[Piece]:
        """Return the runs of text[start:end], one per passage it crosses."""
        if end <= start:
            return []
        if not self.passages:
            return [Piece(None, start, end)]
        return [
            Piece(p, max(p.start, start), min(p.end, end))
            for p in self.passages
            if p.start < end and p.end > start
        ]
