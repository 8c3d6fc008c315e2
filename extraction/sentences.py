"""Cut a passage into sentences: where one ends, and the dateline that opens a report."""

import re

# A sentence ends at . ! or ? (and closing quotes) before a blank and a capital, a digit, a
# quote or a dash, or at the end of the passage. "[.!?][.!?]*" rather than "[.!?]+": a pattern
# that opens with a plain character class lets the search skip to the next stop at once, where
# a repeat first is tried at every character of the text.
_SENTENCE_END = re.compile(r"[.!?][.!?]*[\"”’')]*(?=\s+(?:[^\W\d_a-z]|[\d\"“‘(—–-])|\s*$)")
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "st", "no", "gen", "col", "lt", "sgt", "prof", "vs",
                  "etc", "e.g", "i.e", "u.s", "u.k", "jan", "feb", "aug", "sept", "oct", "nov",
                  "dec", "inc", "ltd", "co", "approx", "fig", "p", "pp"}  # fmt: skip
# "BAMAKO, March 4 (Desk Wire) - ": a dateline opens the report and asserts nothing.
DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)*,\s+(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)"
    r"(?:,?\s+\d{4})?\s*(?:\([^)]{1,60}\))?\s*[-—–]+\s+"
)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the [start, end) spans of the sentences in text[start:end], stripped."""
    end = len(text) if end is None else end
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _abbreviation(text, begin, match.start()):
            continue
        spans.append(_stripped(text, begin, match.end()))
        begin = match.end()
    spans.append(_stripped(text, begin, end))
    return [(s, e) for s, e in spans if s < e]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n—–-":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return start, end


def _abbreviation(text: str, begin: int, dot: int) -> bool:
    """Whether the word ending at `dot` is an abbreviation ("Ms.", "e.g."), not a sentence end."""
    if not text[dot - 1 : dot].isalpha():
        return False
    begin = max(begin, dot - 8)  # no abbreviation is longer
    space = max(text.rfind(" ", begin, dot), text.rfind("\n", begin, dot))
    if space < 0:
        if begin > 0 and not text[begin - 1].isspace():
            return False
        space = begin - 1  # the word starts the window: read from there, never from 0
    word = text[space + 1 : dot + 1].rstrip("!?").lstrip('"“‘([').lower().rstrip(".")
    return word in _ABBREVIATIONS
