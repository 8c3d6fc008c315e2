"""What matching compares in a claim: its words, figure, place, period and people.

Plain Python over a claim's text and fields (no database). Words are folded (case and
accents dropped), cut to a crude stem, and words the genre uses for the same thing are
folded together ("militants", "fighters", "rebels"), so that two wordings of one claim
share them; how a figure is written ("almost a thousand", "nearly 1,000") is left out of
the words and compared as bounds instead. A claim whose figure, place or period fields are
blank (recorded by hand, or text not yet saved) gets them from the desk's own extractor.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extraction import find_candidates
from extraction.figures import same_unit

Number = Decimal | int | float


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _listed(
    """a about above according across after again against ago all almost also although am
    among an and another any are around as at be because been before being below between
    both but by can could did do does doing down during each early earlier end either else
    estimated every few fewer for from further had has have having he her here hers him his
    how i if in into is it its itself just late last least less like made many more most
    much must my nearly near next no nor not now of off on once one only or other our out
    over own per roughly same several she should since so some such than that the their
    theirs them then there these they this those through throughout thus to too under until
    up upon upwards very was we were what when where whether which while who whom whose why
    will with within without would yet you your alone already still cent percent start
    course onward onwards times repeatedly time including total"""
)
# Verbs of saying carry the attribution, which is compared on its own; as words they only
# make every quoted claim look alike.
SAYING = _listed(
    """say says said saying state states stated stating announce announces announced
    declare declares declared claim claims claimed report reports reported reporting tell
    told add added insist insisted confirm confirmed acknowledge acknowledged voice voiced
    accord according estimate estimates expect expects count counts show shows"""
)
NUMBER_WORDS = _listed(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred hundreds thousand thousands million millions billion dozen dozens
    half quarter third fifth tenth couple score scores handful number numbers"""
)
MONTHS = sorted(
    _listed("january february march april may june july august september october november december")
)
# Places that are whole countries or regions: naming one never contradicts naming a town.
COUNTRIES = _listed(
    """car mali niger burkina chad nigeria cameroon sudan senegal guinea togo benin ghana
    mauritania algeria libya france russia sahel africa"""
) | {"central african", "central african republic", "burkina faso", "west africa", "ivory coast"}

# Phrases read as one word before the words are split.
PHRASES = [
    (r"\bcentral african republic\b|\bcentral african\b", "car"),
    (r"\bburkina faso\b", "burkina"),
    (r"\bcote d.ivoire\b|\bivory coast\b", "ivorycoast"),
    (r"\b(?:lay|lays|laid|laying) down (?:\w+ )?(?:arms|weapons)\b", "surrender"),
    (r"\b(?:give|gives|gave|given|giving) (?:themselves |himself )?up\b", "surrender"),
    (r"\b(?:gave|give|gives|given) up (?:their |its )?(?:arms|weapons)\b", "surrender"),
    (r"\b(?:let|lets) (?:\w+ )?go\b", "release"),
    (r"\bput off\b", "postpone"),
    (r"\bpull(?:ed|s)?[- ]?out\b", "withdraw"),
    (r"\bblue helmets?\b", "peacekeeper"),
    (r"\barmed forces\b", "army"),
    (r"\bmilitary (?:rulers?|government|governments|regime|leaders?)\b|\bjunta leader\b", "junta"),
    (r"\bshot dead\b", "kill"),
    (r"\b(?:sign|signs|signed) up\b", "register"),
    (r"\b(?:take|takes|took|taken) over\b", "seize"),
    (r"\boff the air\b", "suspend"),
    (r"\bper cent\b|%", " percent "),
    (r"\bhead of state\b", "president"),
]
_PHRASES = [(re.compile(pattern), word) for pattern, word in PHRASES]

# Words the genre uses for the same thing, as written (before stemming).
SYNONYMS = {
    "fighter": "militant militants fighter fighters rebel rebels insurgent insurgents jihadist "
    "jihadists terrorist terrorists combatant combatants gunman gunmen separatist separatists "
    "mercenary mercenaries",
    "soldier": "soldier soldiers troop troops serviceman servicemen",
    "army": "army armies military",
    "hostage": "hostage hostages captive captives abductee abductees",
    "kidnap": "kidnap kidnaps kidnapped kidnapping abduct abducts abducted abduction",
    "release": "free frees freed release releases released liberate liberated",
    "kill": "kill kills killed killing die dies died dead death deaths execute executed",
    "surrender": "surrender surrenders surrendered disarm disarmed disarmament",
    "weapon": "weapon weapons arms gun guns",
    "home": "home homes house houses dwelling dwellings",
    "people": "people person persons resident residents inhabitant inhabitants villager "
    "villagers civilian civilians",
    "flee": "flee flees fled fleeing escape escaped",
    "vote": "vote votes voted voter voters ballot ballots electorate",
    "register": "register registers registered registration enrol enrolled enlist enlisted "
    "join joined",
    "child": "child children minor minors",
    "instructor": "instructor instructors trainer trainers",
    "arrive": "arrive arrives arrived landed",
    "withdraw": "withdraw withdrew withdrawn withdrawal leave leaves left depart departed quit",
    "retake": "retake retook retaken recapture recaptured regain regained",
    "postpone": "postpone postponed delay delayed defer deferred",
    "dissolve": "dissolve dissolved disband disbanded abolish abolished",
    "repeal": "repeal repealed scrap scrapped revoke revoked cancel cancelled",
    "licence": "licence license licences licenses permit permits",
    "price": "price prices cost costs",
    "aid": "aid assistance relief",
    "need": "need needs needed require requires required",
    "attack": "attack attacks attacked assault assaults raid raids ambush ambushed",
    "destroy": "destroy destroyed ruin ruined",
    "flood": "flood floods flooded flooding",
    "mali": "mali malian malians",
    "niger": "niger nigerien nigeriens",
    "burkina": "burkina burkinabe",
    "car": "car",
    "france": "france french",
    "russia": "russia russian russians",
    "usa": "american americans",
    "china": "china chinese",
    "nigeria": "nigeria nigerian nigerians",
    "president": "president presidents",
    "decade": "decade",
}
_SYNONYM_OF = {word: key for key, words in SYNONYMS.items() for word in words.split()}

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]|\d[\d.,]*")
_RAW_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def fold(text: str) -> str:
    """Return text lower-cased without accents ("Ménaka" -> "menaka")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def key(text: str) -> str:
    """Return a name or place as compared: folded, without "the" or a trailing "region"."""
    folded = " ".join(_WORD.findall(fold(text)))
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"\s+(?:region|province|prefecture)$", "", folded).strip()


def stem(word: str) -> str:
    """Return a crude stem: enough for "trained"/"training", "homes"/"home"."""
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def canonical(word: str) -> str:
    """Return the word matching compares: a synonym group's name, else its stem."""
    word = word.replace("’", "'").removesuffix("'s").strip("'-")
    return _SYNONYM_OF.get(word) or _SYNONYM_OF.get(stem(word)) or stem(word)


@dataclass(frozen=True)
class Words:
    """The content words of a text: canonical form -> a form as written, and the names."""

    written: dict[str, str]
    names: frozenset[str]  # canonical forms of the capitalised words (places, bodies, people)
    trigrams: frozenset[str]
    count: int  # words in the text, all of them: a short text cannot be matched surely

    @property
    def canon(self) -> frozenset[str]:
        return frozenset(self.written)


@lru_cache(maxsize=4096)
def words(text: str) -> Words:
    """Return the content words of a text, leaving out function words and figures."""
    text = text or ""
    capitalised = _capitalised(text)
    folded = fold(text)
    for pattern, word in _PHRASES:
        folded = pattern.sub(word, folded)
    written: dict[str, str] = {}
    surface = []
    for token in _WORD.findall(folded):
        token = token.strip("'’-")
        if not token or token[0].isdigit() or token in NUMBER_WORDS or token in MONTHS:
            continue
        if token in STOPWORDS or token in SAYING or len(token) < 2:
            continue
        token = token.replace("’", "'").removesuffix("'s")
        form = canonical(token)
        if form in STOPWORDS or form in SAYING:
            continue
        written.setdefault(form, token)
        surface.append(form)
    names = frozenset(canonical(w) for w in capitalised) & frozenset(written)
    return Words(written, names, _trigrams(surface), len(_WORD.findall(fold(text))))


def _capitalised(text: str) -> list[str]:
    """Return the folded capitalised words of text, past the first word of each sentence."""
    found = []
    for sentence in re.split(r"[.!?;:]\s+", text):
        tokens = _RAW_WORD.findall(sentence)
        for index, token in enumerate(tokens):
            acronym = len(token) > 1 and token.isupper()
            if token[:1].isupper() and (index > 0 or acronym):
                found.append(fold(token))
    return found


def _trigrams(tokens: Iterable[str]) -> frozenset[str]:
    """Return the trigrams of the words as pg_trgm makes them: each word padded by spaces."""
    grams = set()
    for token in tokens:
        padded = f"  {token} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


@dataclass(frozen=True)
class Bounds:
    """A figure's inclusive bounds (None: open on that side) and what it counts."""

    low: Number | None
    high: Number | None
    unit: str

    def overlaps(self, other: "Bounds") -> bool:
        low = max(_edge(self.low, -1), _edge(other.low, -1))
        high = min(_edge(self.high, 1), _edge(other.high, 1))
        return low <= high

    def counts_as(self, other: "Bounds") -> bool:
        """Whether both figures count the same thing: same unit, or units of one group."""
        if not self.unit.strip() or not other.unit.strip():
            return False
        if same_unit(self.unit, other.unit):
            return True
        mine, theirs = words(self.unit).canon, words(other.unit).canon
        return bool(mine & theirs)

    def label(self) -> str:
        low, high = _number(self.low), _number(self.high)
        if low and high:
            shown = low if low == high else f"{low}–{high}"
        else:
            shown = f"{low}+" if low else f"up to {high}"
        return f"{shown} {self.unit}".strip()


def _edge(value: Number | None, sign: int) -> float:
    return sign * float("inf") if value is None else float(value)


def _number(value: Number | None) -> str:
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    return f"{number:,f}" if number == number.to_integral() else f"{number:,}"


@dataclass(frozen=True)
class Features:
    """What matching compares in one claim (or in a text not yet recorded)."""

    texts: tuple[Words, ...]  # the quote, then the analyst's statement when there is one
    figure: Bounds | None
    place: str
    place_written: str
    years: frozenset[str]
    months: frozenset[str]
    speaker: str
    attributed_to: str
    attributed_written: str
    tags: dict[str, str]  # folded -> as written
    folded_text: str  # the quote and statement folded, to find a place named in passing

    @property
    def short(self) -> bool:
        return self.texts[0].count < SHORT_WORDS

    @property
    def broad_place(self) -> bool:
        """Whether the place is a whole country or region, which no town contradicts."""
        place = f" {self.place} "
        return any(f" {country} " in place for country in COUNTRIES)


SHORT_WORDS = 6  # a text of fewer words is never matched `strong`


def features(
    quote: str,
    *,
    statement: str = "",
    unit: str = "",
    value_low: Number | None = None,
    value_high: Number | None = None,
    place: str = "",
    period: str = "",
    speaker: str = "",
    attributed_to: str = "",
    tags: Iterable[str] = (),
) -> Features:
    """Return the features of a claim from its fields, or from its quote when it has none.

    A claim with any structured field filled in keeps them as they are (a blank place there
    means there is none); one with none (typed in by hand, or text not recorded yet) gets
    what the extractor finds in its quote.
    """
    given = (unit, value_low, value_high, place, period, attributed_to)
    found = {} if any(v not in ("", None) for v in given) else extracted(quote)
    if value_low is None and value_high is None and not unit:
        unit, value_low, value_high = found.get("unit") or "", *found.get("bounds", (None, None))
    place = place or found.get("place") or ""
    attributed_to = attributed_to or found.get("attributed_to") or ""
    texts = [words(quote)]
    if statement.strip() and statement.strip() != quote.strip():
        texts.append(words(statement))
    dates = fold(" ".join([quote, period, found.get("period") or ""]))
    has_figure = value_low is not None or value_high is not None
    return Features(
        texts=tuple(texts),
        figure=Bounds(value_low, value_high, unit) if has_figure else None,
        place=key(place),
        place_written=place.removeprefix("the ").strip(),
        years=frozenset(_YEAR.findall(dates)),
        months=frozenset(_MONTH.findall(dates)),
        speaker=key(speaker),
        attributed_to=key(attributed_to),
        attributed_written=attributed_to.strip(),
        tags={fold(t).strip(): t for t in tags if t and t.strip()},
        folded_text=" " + " ".join(_WORD.findall(fold(f"{quote} {statement}"))) + " ",
    )


@lru_cache(maxsize=4096)
def extracted(text: str) -> dict:
    """Return the figure, place, period and attribution the extractor finds in text."""
    found: dict = {}
    for candidate in find_candidates(text or ""):
        for name in ("place", "period", "attributed_to"):
            if candidate.get(name) and name not in found:
                found[name] = candidate[name]
        low, high = candidate.get("value_low"), candidate.get("value_high")
        if "bounds" not in found and (low is not None or high is not None):
            found["bounds"] = (low, high)
            found["unit"] = candidate.get("unit") or ""
    return found
