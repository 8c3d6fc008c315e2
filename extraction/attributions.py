"""Find who a clause says said or did something: reported speech, credit and blame.

Works on one clause at a time (offsets into the clause). `before` is the text of the sentence
ahead of the clause, used to name the antecedent of a leading "which"/"who".
"""

import re
from dataclasses import dataclass

from extraction.quantities import fold

PRONOUNS = {"he", "she", "they", "him", "her", "them"}
_RELATIVE = {"which", "who", "that"}

# "The head of Niger stated that ...": the actor comes before the verb, the content after.
SPEECH = re.compile(
    r"\b(?P<verb>stated|said|says|say|announced|announces|reported|noted|warned"
    r"|(?:claimed|claims)(?=\s+(?:that|to)\b)"
    r"|warns|confirmed|denied|alleged|insisted|argued|estimated|estimates|acknowledged"
    r"|admitted|(?:promised|pledged)(?=\s+(?:that|to)\b)|(?:found|concluded)(?=\s+(?:that|no)\b)"
    r"|told\s+(?:reporters|journalists|the\s+press|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)(?=\s+that\b)"
    r"|spoke\s+(?:about|of)|voiced\s+(?:\w+\s+)?(?:accusations|concerns?|criticism|claims)"
    r"|accused|blamed)\b"
)
# "similar accusations were voiced by X", "was recorded in the CAR": content before, actor after.
PASSIVE = re.compile(
    r"\b(?P<aux>was|were|is|are|has\s+been|have\s+been|had\s+been|be|being)\s+"
    r"(?:(?:\w+ly|also)\s+)*"
    r"(?P<verb>recorded|reported|covered|documented|voiced|announced|stated|confirmed|claimed"
    r"|described|said)\b(?P<by>\s+by\s+)?"
)
# "thanks to X", "with the support of X", "by X" after a participle: the actor follows.
CREDIT = re.compile(
    r"\b(?P<verb>thanks\s+to|with\s+the\s+(?:\w+\s+)?(?:support|help|assistance|participation"
    r"|backing)\s+of|due\s+to|because\s+of|as\s+a\s+result\s+of|owing\s+to|according\s+to"
    r"|reports\s+(?:of|that))\s+"
)  # matched on the folded (lower-case) clause
PARTICIPLE_BY = re.compile(
    r"\b(?P<verb>(?!followed\b|accompanied\b)[a-z]+ed\s+by)\s+"
    r"(?=(?:the|a|an|our|their|its|his|her)\b|[A-Z])"
)
# "X led to Y", "X played a significant role in Y": the actor comes before.
CAUSE = re.compile(
    r"\b(?P<verb>led\s+to|leads\s+to|lead\s+to|contributed\s+to|resulted\s+in"
    r"|played\s+an?\s+(?:\w+\s+)?role\s+in)\b"
)

_ACTOR_END = re.compile(
    r"\s*(?:[,;:()]|\s[—–-]\s|$)|\s+(?=(?:are|is|was|were|has|have|had|will|would|can|could"
    r"|which|who|that|for|in|on|at|since|during|when|while)\b)"
)
_SUBJECT_CUT = re.compile(r"\s+(?=[a-z]+ed\b)")
_LEADING = re.compile(r"^(?:(?:and|but|while|whereas|then|now|also|so)\s+)+", re.IGNORECASE)
_TRAILING_ADVERBS = re.compile(r"(?:\s+(?:\w+ly|also|then|only|even|all))+$")
_CAPITALISED_TAIL = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:of\s+(?:the\s+)?)?)*[A-Z][\w'’-]*$"
)
_ASIDE = re.compile(r"\b[Aa]s\s+(?:I|we|you|he|she|they)\s+(?:have\s+|had\s+)?(?:already\s+)?$")
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s[—–]\s")
_NP_CUT = re.compile(r"\s+(?:by|in|at|on|from|with|near|for|to)\s")


@dataclass(frozen=True)
class Attribution:
    """An attribution cue at [start, end) of a clause, the actor it names and what it credits."""

    start: int
    end: int
    verb: str
    who: str
    content: str
    kind: str  # speech or credit


def find_attributions(clause: str, before: str = "") -> list[Attribution]:
    """Return the attributions of a clause, the earliest first."""
    found: list[Attribution] = []
    taken: list[tuple[int, int]] = []

    def add(attribution: Attribution) -> None:
        if not any(s < attribution.end and attribution.start < e for s, e in taken):
            found.append(attribution)
            taken.append((attribution.start, attribution.end))

    for match in PASSIVE.finditer(clause):
        who = _actor_after(clause, match.end()) if match.group("by") else ""
        content = _tidy(clause[: match.start()])
        verb = _words(match.group("verb")) + (" by" if match.group("by") else "")
        add(Attribution(match.start(), match.end(), verb, who, content, "speech"))
    for match in SPEECH.finditer(clause):
        if _ASIDE.search(clause, 0, match.start()):
            continue  # "as I noted earlier" refers back to the speaker's own words
        who = _subject(clause[: match.start()], before, prefer_name=True)
        content = re.sub(r"^(?:that\b|:)\s*", "", clause[match.end() :].strip())
        add(Attribution(*match.span(), _words(match.group("verb")), who, _tidy(content), "speech"))
    for match in CREDIT.finditer(fold(clause)):
        if match.group("verb").lower().startswith("reports"):
            content = _tidy(clause[match.end() :])
            add(Attribution(*match.span(), "reports", "", content, "speech"))
            continue
        who = _actor_after(clause, match.end())
        rest = clause[: match.start()] + " " + clause[match.end() + len(who) :]
        verb = _words(match.group("verb")).lower()
        kind = "speech" if verb.startswith(("according", "reports")) else "credit"
        add(Attribution(*match.span(), verb, who, _tidy(rest), kind))
    for match in PARTICIPLE_BY.finditer(clause):
        who = _actor_after(clause, match.end())
        rest = clause[: match.start()] + " " + clause[match.end() + len(who) :]
        add(Attribution(*match.span(), _words(match.group("verb")), who, _tidy(rest), "credit"))
    for match in CAUSE.finditer(clause):
        who = _subject(clause[: match.start()], before, prefer_name=False)
        content = _tidy(clause[match.end() :])
        add(Attribution(*match.span(), _words(match.group("verb")), who, content, "credit"))
    return sorted(found, key=lambda a: a.start)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _tidy(text: str) -> str:
    return _words(text).strip(" ,;:.—–-")


def _actor_after(clause: str, start: int) -> str:
    """Return the actor named from `start`: up to a comma, a clause break or a verb."""
    end = _ACTOR_END.search(clause, start)
    actor = clause[start : end.start() if end else len(clause)]
    return " ".join(actor.split()[:20])


def _subject(head: str, before: str, *, prefer_name: bool) -> str:
    """Return the subject of a verb from the clause text ahead of it."""
    subject = head.rsplit(", ", 1)[-1]
    subject = _LEADING.sub("", subject.strip())
    subject = _TRAILING_ADVERBS.sub("", subject).strip(" ,")
    if subject.lower() in _RELATIVE:
        return _antecedent(before, prefer_name=prefer_name)
    cut = _SUBJECT_CUT.search(subject, 1)
    if cut and len(subject[: cut.start()].split()) >= 2:
        subject = subject[: cut.start()]
    return " ".join(subject.split()[-12:])


def _antecedent(before: str, *, prefer_name: bool) -> str:
    """Name what a leading "which"/"who" refers to, from the text just before it."""
    tail = before.rstrip(" ,;")
    if prefer_name:
        named = _CAPITALISED_TAIL.search(tail)
        if named:
            return named.group()
    segment = _CLAUSE_BREAK.split(tail)[-1]
    cut = _NP_CUT.search(segment)
    return _tidy(segment[: cut.start()] if cut else segment)[:200]
