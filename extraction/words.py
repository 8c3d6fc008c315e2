"""Small text helpers shared by the extractor's modules: folding case and sets of words."""

import re

# "[a-z][a-z]*", not "[a-z]+": a pattern that opens with a plain character class lets the
# search skip to the next letter at once, where a repeat first is tried at every character.
_WORD = re.compile(r"[a-z][a-z]*")


def fold(sentence: str) -> str:
    """Lower-case a sentence keeping every offset (a few letters lower-case to two)."""
    lower = sentence.lower()
    if len(lower) == len(sentence):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in sentence)


def words_of(lower: str) -> set[str]:
    """Return the set of lower-case words of a folded text."""
    return set(_WORD.findall(lower))


def word_set(words: str) -> frozenset[str]:
    """Return the words of a blank-separated list, as a set to test sentences against."""
    return frozenset(words.split())


def windows(lower: str, anchors: list[tuple[int, int]], before: int, after: int):
    """Yield the merged [start, end) stretches around anchors, each ending at a blank or the end."""
    anchors.sort()
    start = end = -1
    for a_start, a_end in anchors:
        w_start = max(0, a_start - before)
        w_end = lower.find(" ", a_end + after)
        w_end = len(lower) if w_end < 0 else w_end
        if w_start <= end:
            end = max(end, w_end)
            continue
        if end > 0:
            yield start, end
        start, end = w_start, w_end
    if end > 0:
        yield start, end


def word_anchors(lower: str, present: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Return where the given words stand in `lower` as whole words."""
    anchors = []
    for word in present:
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if not lower[at - 1 : at].isalpha() and not lower[end : end + 1].isalpha():
                anchors.append((at, end))
            at = lower.find(word, end)
    return anchors
