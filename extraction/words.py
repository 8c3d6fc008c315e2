"""Small text helpers shared by the extractor's modules: folding case and sets of words."""

import re

_WORD = re.compile(r"[a-z]+")


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
