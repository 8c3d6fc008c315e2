"""Find figures in a sentence and turn their words into inclusive bounds.

The table `VAGUE_BOUNDS` and the function `hedge_bounds` are the one place where a hedged or
vague amount ("almost a thousand", "several hundred", "dozens") becomes `value_low` ..
`value_high`. The analyst sees these bounds and can change them.
"""

import math
import re
from typing import NamedTuple

from extraction.words import fold, windows, word_anchors, word_set, words_of

Number = int | float

# Vague amounts -> inclusive (low, high); None means the words give no bound on that side.
VAGUE_BOUNDS: dict[str, tuple[Number | None, Number | None]] = {
    "several hundred": (200, 900),
    "hundreds of thousands": (200_000, 999_999),
    "hundreds": (200, 999),
    "several thousand": (2_000, 9_000),
    "tens of thousands": (20_000, 99_999),
    "thousands": (2_000, 9_999),
    "several million": (2_000_000, 9_000_000),
    "millions": (2_000_000, 999_999_999),
    "several dozen": (24, 99),
    "dozens": (24, 99),
    "decades": (20, 99),
    "a dozen": (12, 12),
    "a couple of": (2, 2),
    # Kept as a qualifier only: the words carry no defensible number.
    "a number of": (None, None),
    "a handful of": (None, None),
    "a few": (None, None),
    "several": (None, None),
    "many": (None, None),
    "numerous": (None, None),
    "countless": (None, None),
    "scores of": (None, None),
}

# How a hedge word bounds the number N it governs ("almost a thousand" -> 900..999).
HEDGES = {
    "almost": "almost",
    "nearly": "almost",
    "close to": "almost",
    "just under": "almost",
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
    "an estimated": "about",
    "more than": "over",
    "over": "over",
    "above": "over",
    "in excess of": "over",
    "upwards of": "over",
    "just over": "over",
    "well over": "over",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "less than": "under",
    "fewer than": "under",
    "under": "under",
    "below": "under",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "only": "exact",
    "just": "exact",
    "exactly": "exact",
}

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
FRACTIONS: dict[str, Number] = {
    "half": 50,
    "a half": 50,
    "a third": 100 / 3,
    "a quarter": 25,
    "a tenth": 10,
    "a fifth": 20,
}  # fmt: skip  (as percent)
CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds"}
DURATION_UNITS = {"year", "month", "week", "day", "hour", "decade"}

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_WORD = rf"(?:{_TENS})(?:[- ](?:{_ONES}))?|two|three|four|five|six|seven|eight|nine|{_TEENS}"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion))"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUM = (
    rf"(?:(?:{_DIGITS}){_SCALE}?"
    rf"|(?:a|one)(?:{_SCALE})+"
    rf"|(?:{_WORD}){_SCALE}*(?:\s+and\s+a\s+half)?"
    r"|one\s+and\s+a\s+half)"
)
_HEDGE = "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+") for h in HEDGES), key=len)[::-1])
_VAGUE = "|".join(
    sorted((re.escape(v).replace(r"\ ", r"\s+") for v in VAGUE_BOUNDS), key=len)[::-1]
)


def _by_first_letter(words: list[str]) -> str:
    """Join words as regex alternatives grouped by their first letter: "a(?:|bout|n)|b(?:elow)".

    The regex engine tries alternatives one by one: grouped, a word start is checked against
    one letter a group instead of against every word.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


# The first word of any figure ("about", "two", "several", "a", "between"): a figure is tried
# only where a digit or one of these starts, so the pattern's many alternatives are not each
# tried at every word of a sentence. Every word the pattern can start with is here.
_FIRST = _by_first_letter(
    sorted({w.split()[0] for w in [*HEDGES, *VAGUE_BOUNDS, *FRACTIONS, *SMALL, "between"]})
)

QUANTITY = re.compile(
    rf"""(?<![\w.,])(?=\d|(?:{_FIRST})\b)(?:(?P<hedge>{_HEDGE})\s+(?P<cur>[$€£])?)?
    (?:between\s+(?P<r1>{NUM})\s+and\s+(?P<r2>{NUM})
      |(?P<num>{NUM})(?:\s*[-–]\s*(?P<num2>{_DIGITS})(?![-–—]?\w)
        |\s+to\s+(?P<to>{NUM})(?=\s+[a-z]))?
      |(?P<frac>a\s+half|half|a\s+third|a\s+quarter|a\s+tenth|a\s+fifth)
      |(?P<vague>{_VAGUE}))
    (?P<pct>\s*%|\s+percent\b|\s+per\s+cent\b)?
    (?:[-–—\s](?P<dur>years?|months?|weeks?|days?|hours?|decades?)\b)?
    (?![\w])""",
    re.VERBOSE,
)

TREND = re.compile(
    r"\b(?:continues?|continued|continuing|will\s+continue)\s+to\s+"
    r"(?:grow|rise|increase|decline|fall|shrink|drop)\b"
    r"|\b(?:(?:significantly|sharply|dramatically|rapidly|steadily|slightly|substantially"
    r"|markedly|radically)\s+)?(?:increased|decreased|grew|grown|rose|risen|fell|fallen|declined"
    r"|dropped|doubled|tripled|halved|surged|soared|plunged|slumped)\b"
    r"(?:\s+(?:significantly|sharply|dramatically|rapidly|steadily|slightly|substantially"
    r"|markedly))?"
    r"|\bchanged\s+(?:radically|dramatically|significantly|sharply)\b"
    r"|\bmore\s+and\s+more\b|\bfewer\s+and\s+fewer\b|\bless\s+and\s+less\b"
    r"|\b(?:down|up)\s+from\b|\bto\s+(?:double|triple|halve|grow|rise|increase|fall|decline)\b"
)
# A verb whose particle looks like a hedge: "turned over six prisoners", "came under 40
# attacks". Verbs after which "over" still means "more than" ("killed over 100", "signed over
# 30 agreements", "took over two years") are not here, or only for counts (see `_quantity`).
PHRASAL_VERB = re.compile(
    r"\b(?:turn|hand|take|took|come|came|watch|preside|fight|fought|roll|knock|blow|blew|gave"
    r"|give)(?:s|ed|d|en|n|ing)?\s+(?:over|under)\s",
    re.IGNORECASE,
)
_DOWN = re.compile(r"decreas|fell|fallen|declin|drop|halv|plung|slump|fewer|less|down", re.I)

_MONTH = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november"
    r"|december)"
)
PERIOD = re.compile(
    rf"\b(?:(?:in|since|during|by|until|from|before|after|of)\s+)?(?:early\s+|late\s+|mid-)?"
    rf"{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+(?:19|20)\d{{2}})?\b"
    r"|\b(?:(?:in|since|during|by|until|from|before|after)\s+)?(?:19|20)\d{2}\b(?![,.]?\d)"
    r"|\b(?:at|by)\s+the\s+end\s+of\s+(?:the|this|next|last)\s+(?:year|month|decade)"
    r"(?:\s+before\s+last)?"
    r"|\b(?:this|last|next|the\s+past|the\s+previous|the\s+coming|the\s+current|the\s+last)\s+"
    r"(?:year|month|week|summer|winter|spring|autumn|season|quarter|decade)\b"
    r"(?:\s+before\s+last)?"
    r"|\b(?:in|over|during)\s+(?:recent|the\s+past|the\s+last)\s+(?:\w+\s+)?"
    r"(?:years|months|weeks|days)\b"
    r"|\ba\s+(?:year|month|week|decade)\s+(?:earlier|ago|before|later)\b"
    r"|\b(?:most\s+)?recently\b|\bcurrently\b|\bpreviously\b|\bearlier\b(?=,)"
)

_UNIT_STOP = {
    "who", "which", "that", "whose", "were", "was", "is", "are", "have", "has", "had", "be",
    "been", "will", "would", "can", "could", "in", "on", "at", "to", "from", "for", "by",
    "with", "and", "or", "but", "as", "of", "than", "per", "a", "an", "the", "this", "these",
    "those", "their", "its", "our", "his", "her", "not", "no", "also", "it", "they", "we",
    "less", "more", "into", "across", "near", "over", "under", "among", "since", "before",
    "after", "during", "while", "because", "so", "all", "every", "each", "now", "then",
    # past tenses without -ed, so "14 boats sank" counts boats
    "came", "went", "left", "sank", "fell", "rose", "grew", "died", "fled", "lost", "won",
    "made", "took", "gave", "got", "saw", "ran", "met", "paid", "sold", "kept", "held", "said",
    "told", "found", "became", "began", "fought", "built", "brought", "spent", "stood",
}  # fmt: skip
_DIGITS_ONLY = re.compile(_DIGITS)
_OF_AFTER = re.compile(r"""\s*["”']?\s*of\b""")
_UNIT_LEAD = re.compile(r"""["”']?(?:\s+of(?:\s+the)?)?""")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w'’-]*)")


class Quantity(NamedTuple):
    """A figure found at [start, end) of a sentence, with its normalised bounds."""

    start: int
    end: int
    text: str
    kind: str  # count, duration, trend
    qualifier: str = ""
    low: Number | None = None
    high: Number | None = None
    unit: str = ""


# The largest figure stored as a bound (the database keeps 16 digits before the point).
MAX_FIGURE = 10**15


def parse_number(words: str) -> Number | None:
    """Return the value of a number written in digits or words ("1,500", "two and a half")."""
    if _DIGITS_ONLY.fullmatch(words):  # most figures: one number in digits, read at once
        digits = words.replace(",", "")
        return _stored(int(digits) if digits.isdigit() else float(digits))
    words = " ".join(words.lower().replace("-", " ").split())
    half = words.endswith(" and a half")
    if half:
        words = words.removesuffix(" and a half")
    total: Number = 0
    current: Number = 0
    for token in words.split(" "):
        if _DIGITS_ONLY.fullmatch(token):
            digits = token.replace(",", "")
            current += int(digits) if digits.isdigit() else float(digits)
        elif token in SMALL:
            current += SMALL[token]
        elif token in ("a", "one"):
            current += 1
        elif token in SCALES:
            scale = SCALES[token]
            current = (current or 1) * scale
            if scale > 100:
                total, current = total + current, 0
        else:
            return None
    return _stored(total + current + (0.5 if half else 0))


def _stored(value: Number) -> Number | None:
    """Return a figure's value as stored: None past what a claim counts, whole as an int."""
    if not math.isfinite(value) or abs(value) >= MAX_FIGURE:
        return None  # beyond anything a claim counts; leave the bounds to the analyst
    return int(value) if float(value).is_integer() else value


def hedge_bounds(hedge: str, value: Number, *, whole: bool) -> tuple[Number | None, Number | None]:
    """Bound a number by the hedge before it; `whole` marks a count of things (not a measure)."""
    rule = HEDGES.get(" ".join(hedge.lower().split()), "exact") if hedge else "exact"
    if rule == "almost":  # "almost a thousand" -> 900..999
        low = math.floor(value * 0.9) if whole else _tidy(value * 0.9, False, round)
        return low, (value - 1 if whole and value >= 10 else value)
    if rule == "about":  # "about 1,000" -> 900..1100
        return _tidy(value * 0.9, whole, math.floor), _tidy(value * 1.1, whole, math.ceil)
    if rule == "over":  # "more than 4,500 patients" -> 4501..
        return (value + 1 if whole else value), None
    if rule == "at_least":
        return value, None
    if rule == "under":
        return None, (value - 1 if whole else value)
    if rule == "at_most":
        return None, value
    return value, value


def _tidy(value: float, whole: bool, rounding) -> Number:
    if whole:
        return int(rounding(round(value, 6)))
    value = round(value, 4)
    return int(value) if value.is_integer() else value


# Words one of which a sentence must hold for a pattern to be worth running: a set test on
# the sentence's words is many times cheaper than the regex, and most sentences fail it.
_PERIOD_WORDS = word_set(
    """january february march april may june july august september october november december
    year years month months week weeks summer winter spring autumn season quarter decade
    recent recently current currently previous previously earlier"""
)
_TREND_WORDS = word_set(
    """increased decreased increase decrease grew grow grown rose rise risen fell fall fallen
    declined decline dropped drop doubled double tripled triple halved halve surged soared
    plunged slumped changed more fewer less from continue continues continued continuing"""
)
_TREND_COMPANY = frozenset(["more", "fewer", "less", "from"])
# A figure in words holds one of these (or a digit); the regex runs only if one occurs.
_FIGURE_ANCHORS = frozenset(
    # "one" counts only with a scale word ("one million"), which is an anchor of its own.
    [*(set(SMALL) - {"zero", "one"}), *SCALES, "hundreds", "thousands", "millions", "dozen",
     "dozens", "half", "third", "quarter", "tenth", "fifth", "several", "many", "number", "few",
     "numerous", "countless", "scores", "handful", "couple", "decades"]
)  # fmt: skip
# Whether a sentence holds a digit: one digit is enough, and a lone character class lets the
# search skip to it at once ("\d+" would be tried at every character).
_DIGIT = re.compile(r"\d")
# "one" alone counts only after a hedge or a verb that acts on a number of things, and before a
# noun: "only one survivor", "lost one helicopter", "took over one base".
_ONE = re.compile(
    r"\b(?:(?P<hedge>only|just|exactly|at\s+least|over|under)|(?:\w+ed|lost|took|sent|built"
    r"|shot|kept|keeps|keep|holds|held|has|have|had|won|left|saw|met))\s+(?P<one>one)"
    r"(?=\s+(?!of\b|another\b|day\b|time\b|way\b|point\b|side\b|thing\b|hand\b|and\b|or\b"
    r"|more\b|who\b|that\b|which\b|is\b|was\b|has\b|in\b|on\b|at\b|by\b|to\b)[a-z])"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_PERIOD_BEFORE, _PERIOD_AFTER = 40, 30  # "at the end of the year before last"


def find_periods(
    sentence: str, lower: str | None = None, words: set[str] | None = None
) -> list[tuple[int, int]]:
    """Return the spans of time expressions ("in 2024", "this year", "in recent months").

    `lower` (the sentence folded by `fold`) and `words` (`words_of(lower)`) save the work
    when the caller has them.
    """
    # The patterns are lower-case and matched on a folded copy: case-blind regexes are slower.
    lower = fold(sentence) if lower is None else lower
    words = words_of(lower) if words is None else words
    anchors = [m.span() for m in _YEAR.finditer(lower)]
    present = _PERIOD_WORDS.intersection(words)
    if present:
        anchors += word_anchors(lower, present)
    found = []
    for start, end in windows(lower, anchors, _PERIOD_BEFORE, _PERIOD_AFTER):
        for m in PERIOD.finditer(lower, start, end):
            if m.group("month") is None or sentence[m.start("month")].isupper():
                found.append(m.span())  # a month is capitalised: not "may", "march"
    return found


def find_quantities(
    sentence: str,
    periods: list[tuple[int, int]],
    lower: str | None = None,
    words: set[str] | None = None,
) -> list[Quantity]:
    """Return the figures and trends of a sentence, leaving out those inside time expressions.

    `lower` (the sentence folded by `fold`) and `words` (`words_of(lower)`) save the work
    when the caller has them.
    """
    found: list[Quantity] = []
    lower = fold(sentence) if lower is None else lower
    words = words_of(lower) if words is None else words
    if _DIGIT.search(lower) or not _FIGURE_ANCHORS.isdisjoint(words):
        position = 0
        while match := QUANTITY.search(lower, position):
            if match.group("to") and lower.endswith("from ", 0, match.start()):
                # "from 10 to 14" is a change from one figure to another, not a range.
                match = QUANTITY.match(lower, match.start(), match.end("num"))
                assert match is not None  # the same words, without "to 14"
            position = match.end()
            if periods and _inside(match.span(), periods):
                continue
            quantity = _quantity(sentence, match)
            if quantity and quantity.start and sentence[quantity.start - 1] in CURRENCIES:
                quantity = _with_currency(sentence, quantity)
            if quantity:
                found.append(quantity)
    if "one" in words:
        found += _single_ones(sentence, lower, found)
    for start, end in windows(lower, _trend_anchors(lower, words), 20, 30):
        for match in TREND.finditer(lower, start, end):
            if not any(q.start <= match.start() < q.end for q in found):
                direction = "decrease" if _DOWN.search(match.group()) else "increase"
                text = sentence[match.start() : match.end()]
                found.append(Quantity(*match.span(), text, "trend", direction))
    return sorted(found, key=lambda q: q.start) if len(found) > 1 else found


def _with_currency(sentence: str, quantity: Quantity) -> Quantity:
    """Return an amount with the currency sign before it: "$800,000" in dollars."""
    start = quantity.start - 1
    unit = quantity.unit or CURRENCIES[sentence[start]]
    return quantity._replace(start=start, text=sentence[start : quantity.end], unit=unit)


def _single_ones(sentence: str, lower: str, found: list[Quantity]) -> list[Quantity]:
    """Return "one" counting a thing after a verb or a hedge ("took over one base", "only one
    survivor"); "one of", "one day", "no one" and the like count nothing."""
    ones = []
    for match in _ONE.finditer(lower):
        if any(q.start <= match.start("one") < q.end for q in found):
            continue
        hedge = match.group("hedge") or ""
        if hedge in ("over", "under"):
            hedge = ""  # a phrasal particle ("took over one base"), read as no hedge
        start = match.start("hedge") if hedge else match.start("one")
        low, high = hedge_bounds(hedge, 1, whole=True)
        unit = _counted_noun(sentence, match)
        ones.append(Quantity(start, match.end(), sentence[start : match.end()], "count",
                             hedge, low, high, unit))  # fmt: skip
    return ones


def _trend_anchors(lower: str, words: set[str]) -> list[tuple[int, int]]:
    """Return where a trend may be: its verb, "and more", "down from"."""
    present = _TREND_WORDS.intersection(words)
    if not present:
        return []
    # Common words make a trend only in company: "more and more", "down from".
    present -= _TREND_COMPANY
    anchors = word_anchors(lower, present) if present else []
    for pair in ("and more", "and fewer", "and less", "down from", "up from"):
        at = lower.find(pair)
        if at >= 0:
            anchors.append((at, at + len(pair)))
    return anchors


def _rematch(sentence: str, start: int) -> re.Match[str]:
    """Match the figure itself from `start`, past a particle taken for a hedge."""
    start += len(sentence) - start - len(sentence[start:].lstrip())
    match = QUANTITY.match(fold(sentence), start)
    assert match is not None  # the figure matched with its hedge, so it matches without
    return match


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _quantity(sentence: str, match: re.Match) -> Quantity | None:
    hedge = match.group("hedge") or ""
    if (
        hedge
        and not match.group("dur")
        and not match.group("pct")
        and PHRASAL_VERB.search(
            sentence, max(0, match.start() - 14), match.start() + len(hedge) + 1
        )
    ):
        # "turned over six prisoners" hands over exactly six: the particle is no hedge.
        return _quantity(sentence, _rematch(sentence, match.start() + len(hedge)))
    before = sentence[max(0, match.start() - 4) : match.start()].lower()
    if not hedge and before.endswith("the "):
        return None  # "the two countries" refers back; it asserts no figure
    after = sentence[match.end() : match.end() + 6]
    if match.group("frac") and not hedge and not _OF_AFTER.match(after):
        return None  # "half" only counts as "half of ..."
    if match.group("num") and _YEAR.fullmatch(match.group("num")):
        return None  # a bare year is a period, found elsewhere
    duration = (match.group("dur") or "").lower()
    percent = bool(match.group("pct")) or bool(match.group("frac"))
    unit = "percent" if percent else _duration_unit(duration) or _counted_noun(sentence, match)
    if match.group("cur") and not unit:
        unit = CURRENCIES[match.group("cur")]
    whole = not percent and not duration
    kind = "duration" if duration else "count"
    text = sentence[match.start() : match.end()]
    if match.group("vague"):
        key = " ".join(match.group("vague").lower().split())
        low, high = VAGUE_BOUNDS[key]
        return Quantity(*match.span(), text, kind, f"{hedge} {key}".strip().lower(), low, high,
                        unit)  # fmt: skip
    if match.group("frac"):
        share = FRACTIONS[" ".join(match.group("frac").lower().split())]
        # An int stays an int ("half" is 50, not 50.0): compiled, round() would make it a float.
        share = round(share, 2) if isinstance(share, float) else share
        low, high = hedge_bounds(hedge, share, whole=False)
        return Quantity(*match.span(), text, kind, hedge.lower(), low, high, unit)
    if match.group("r1"):
        low, high = parse_number(match.group("r1")), parse_number(match.group("r2"))
        return Quantity(*match.span(), text, kind, "between", low, high, unit)
    value = parse_number(match.group("num"))
    if value is None:
        return None
    if match.group("num2") or match.group("to"):  # "10-14", "10 to 14 days"
        return Quantity(*match.span(), text, kind, "range", value,
                        parse_number(match.group("num2") or match.group("to")), unit)  # fmt: skip
    low, high = hedge_bounds(hedge, value, whole=whole and float(value).is_integer())
    return Quantity(*match.span(), text, kind, hedge.lower(), low, high, unit)


def _duration_unit(duration: str) -> str:
    if not duration:
        return ""
    return duration if duration.endswith("s") else duration + "s"


def _counted_noun(sentence: str, match: re.Match) -> str:
    """Return the noun a figure counts: "militants" in "almost a thousand militants surrendered"."""
    rest = sentence[match.end() : match.end() + 80]
    lead = _UNIT_LEAD.match(rest)
    rest = rest[lead.end() :] if lead else rest  # every part of the pattern is optional
    words: list[str] = []
    position = 0
    for word in _NEXT_WORD.finditer(rest):
        lower = word.group(1).lower()
        if word.start() != position or lower in _UNIT_STOP or lower.endswith(("ly", "ed")):
            break
        words.append(word.group(1))
        position = word.end()
        if len(words) == 3:
            break
    return " ".join(words)
