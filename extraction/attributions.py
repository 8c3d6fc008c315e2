"""Find who a clause says said something, and whom it credits or blames.

Works on one clause at a time (offsets into the clause). `before` is the text of the sentence
ahead of the clause, used to name the antecedent of a leading "which"/"who".

Two kinds of cue, kept apart:
- speech: someone says, claims, reports, accuses, denies, announces, asks, takes credit, or
  is quoted ("according to X", "as X put it", "X's move to ban"); `who` is that speaker.
- credit: a support or cause phrase ("thanks to X", "with the support of X", "due to X",
  "trained by X", "X led to"): nobody speaks; `who` is the actor credited or blamed.
"""

import re
from typing import NamedTuple

from extraction.words import fold, word_anchors, word_set, words_of

PRONOUNS = {"he", "she", "they", "him", "her", "them", "it"}
FIRST_PERSON = {"i", "we"}
SPEECH, CREDIT = "speech", "credit"
Words = frozenset[str] | set[str]
_RELATIVE = {"which", "who", "that"}


# What the words of a clause must include for each family of cues to be worth a regex.
SPEECH_WORDS = word_set(
    """stated states said says say announced announces announce reported reports noted notes
    added adds warned warns warn claimed claims claim confirmed confirms denied denies deny
    alleged alleges insisted insists argued argues estimated estimates acknowledged admitted
    promised pledged found concluded told spoke voiced accused accuses accuse blamed blames
    seeking seeks sought boasted estimate finds showed shows established thanked thanks
    thank termed dubbed branded describes informs informed assures assured reminded reminds
    rejected rejects called calls appealed appeals asked asks urged urges demanded demands
    believe believes believed credit responsibility condemned condemns vowed declared
    declares according put move decision pledge refusal demand order bid plan
    proposal threat announcement statement accusation denial warning recorded covered
    documented described head chief leader director commander spokesman spokeswoman
    spokesperson president chairman chair minister judge prosecutor governor mayor envoy
    ambassador coordinator representative"""
)
CREDIT_WORDS = word_set(
    """thanks support help assistance participation backing due because result owing by led
    leads lead contributed resulted role"""
)

# The words each pattern needs, so a clause without any of them skips that regex.
_ROLE_WORDS = word_set(
    """head chief leader director commander spokesman spokeswoman spokesperson president chair
    chairman chairwoman minister judge prosecutor governor mayor envoy ambassador coordinator
    representative"""
)
_PASSIVE_WORDS = word_set(
    "recorded reported covered documented voiced announced stated confirmed claimed described said"
)
_QUOTED_WORDS = word_set(
    "according reports put said says noted explained stated boasted admitted told"
)
_NOMINAL_WORDS = word_set(
    """move decision pledge promise refusal demand order bid plan proposal threat announcement
    statement accusation denial warning call claim"""
)
_CREDIT_AFTER_WORDS = word_set(
    "thanks support help assistance participation backing due because result owing"
)
_CAUSE_WORDS = word_set("led leads lead contributed resulted role")

# "The head of Niger stated that ...": the speaker comes before the verb, the content after.
SPEECH_VERB = re.compile(
    r"\b(?P<verb>stated|states|said|says|say|announced|announces|announce|reported|noted"
    r"|added|adds|warned|warns|confirmed|confirms|denied|denies|deny|alleged|alleges|believe"
    r"|insisted|insists|argued|argues|estimated|estimates|estimate(?!\s+of\b)|acknowledged|admitted|declared"
    r"|declares|vowed|condemned|condemns|rejected|rejects|accused|accuses|accuse|blamed|blames"
    r"|urged|demanded|(?:believe|believes|notes|urges|demands)(?=\s+that\b)"
    r"|(?:claimed|claims|claim)(?=\s+(?:that|to)\b)"
    r"|reports(?=\s+that\b)"
    r"|(?:promised|pledged)(?=\s+(?:that|to)\b)|(?:found|concluded)(?=\s+(?:that|no)\b)"
    r"|(?:found|finds|showed|shows|documented|established)(?=\s+(?:(?:the|a|an|that|no|more|at)\b|\d))"
    r"|(?:thanked|thanks|thank)(?=\s+[^,;.]{1,80}?\s+for\b)"
    r"|(?:called|calls|described|describes|termed|dubbed|branded)(?=\s+(?:\w+\s+){0,3}[\"“‘])"
    r"|told\s+(?:reporters|journalists|the\s+press|the\s+court|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
    r"(?=(?:\s+(?:in|at|on|from|by|after|before)\s+[\w'’-]+(?:\s+[A-Z][\w'’-]*)*)?\s+that\b)"
    r"|told(?=\s+(?:\w+\s+){1,3}?to\s+\w)"
    r"|(?:informs|informed|assures|assured|reminded|reminds)"
    r"(?=\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:that|of|about)\b)"
    r"|spoke\s+(?:about|of)|voiced\s+(?:\w+\s+)?(?:accusations|concerns?|criticism|claims)"
    r"|(?:took|takes|take|taking|claimed|claims|claim)\s+(?:credit|responsibility)\s+for"
    r"|(?:called|calls)\s+(?:on|for|the|it|them|this|these|his|her|their)"
    r"|(?:appealed|appeals)\s+(?:to|for)|(?:seeking|seeks|sought)(?!\s+to\b)|(?:asked|asks)(?:\s+for\s+(?:\w+\s+)?from|\s+for)?)\b"
)
# "Fares have tripled, critics say": the speaker is the comma part just before the verb.
# "similar accusations were voiced by X", "was recorded in the CAR": content before, actor after.
PASSIVE = re.compile(
    r"\b(?P<aux>was|were|is|are|has\s+been|have\s+been|had\s+been|be|being)\s+"
    r"(?:(?:\w+ly|also)\s+)*"
    r"(?P<verb>recorded|reported|covered|documented|voiced|announced|stated|confirmed|claimed"
    r"|described|said)\b(?P<by>\s+by\s+)?"
)
# "according to X", "as the spokesman put it", "reports of ...": a speaker after the cue.
QUOTED = re.compile(
    r"\b(?P<verb>[Aa]ccording\s+to|[Rr]eports\s+(?:of|that))\s+"
    r"|\b[Aa]s\s+(?P<as>(?:the|a|an|its|their|his|her)\s+[\w'’ -]+?"
    r"|(?!I\b|We\b|You\b)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
    r"\s+(?P<asverb>put\s+it|said|says|noted|explained|stated|boasted|admitted|told\s+\w+)\b"
)
# "the council's move to ban ...": a nominal act of the owner.
NOMINAL = re.compile(
    r"(?P<who>\b(?:[Tt]he\s+)?(?:[\w-]+\s+){0,3}?[\w-]+)['’]s\s+(?P<verb>move|decision|pledge"
    r"|promise|refusal|demand|order|bid|plan|proposal|threat|announcement|statement|accusation"
    r"|denial|warning|call|claim)\s+(?:to|that|of)\b"
)
_ROLE = (
    r"(?:[\w'’-]+\s+){0,2}?(?:head|chief|leader|director|commander|spokes(?:man|woman|person)"
    r"|president|chair(?:man|woman)?|minister|judge|prosecutor|governor|mayor|envoy"
    r"|ambassador|coordinator|representative)(?:\s+(?:of|for|at)\s+[^,]+?)?"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de\s+|van\s+|al-)?[A-Z][\w'’.-]*)+"
# "The head of the mission is Jane Doe" / "Jane Doe is the head of the mission".
ROLE_INTRODUCTION = re.compile(
    rf"^(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir)\s+(?P<role>{_ROLE})\s+(?P<verb>is|was|has\s+been)\s+"
    rf"(?P<who>{_NAME})$"
    rf"|^(?P<who2>{_NAME})\s+(?P<verb2>is|was|has\s+been)\s+(?:the|its|their)\s+(?P<role2>{_ROLE})$"
)
# Support and cause: "thanks to X", "with the support of X": the actor follows.
CREDIT_AFTER = re.compile(
    r"\b(?P<verb>thanks\s+to|with\s+the\s+(?:\w+\s+)?(?:support|help|assistance|participation"
    r"|backing)\s+of|with\s+whose\s+(?:\w+\s+)?(?:support|help|assistance)|due\s+to"
    r"|because\s+of|as\s+a\s+result\s+of|owing\s+to)\s+"
)  # matched on the lower-case clause
PARTICIPLE_BY = re.compile(
    r"\b(?P<verb>(?!followed\b|accompanied\b)(?:[a-z]+ed|paid|built|sent|held|run|led|taught"
    r"|bought|sold|brought|kept|made|given|taken|won|shot|hit|struck|seized)"
    r"(?:\s+(?:over|out|up|off|down|back))?"
    r"\s+by)\s+(?=(?:the|a|an|our|their|its|his|her)\b|[A-Z]"
    r"|(?!far\b|then\b|now\b|default\b|chance\b|hand\b|mistake\b|night\b|day\b|road\b|air\b"
    r"|sea\b|phone\b|email\b|way\b|law\b|decree\b|[a-z]+ing\b)[a-z]+\s+[a-z]+s\b)"
)
# "X led to Y", "X played a significant role in Y": the actor comes before.
CAUSE = re.compile(
    r"\b(?P<verb>led\s+to|leads\s+to|lead\s+to|contributed\s+to|resulted\s+in"
    r"|played\s+an?\s+(?:\w+\s+)?role\s+in)\b"
)

_ACTOR_END = re.compile(
    r"\s*(?:[,;:()]|\s[—–-]\s|$)|\s+(?=(?:are|is|was|were|has|have|had|will|would|can|could"
    r"|which|who|that|for|in|on|at|since|during|when|while|itself|themselves)\b)"
)
_OWNER = re.compile(
    r"(?:the\s+)?(?:\w+\s+)?(?:support|help|assistance|efforts?|work|participation|backing)"
    r"\s+of\s+|"
)
_THAT = re.compile(r"^(?:that\b|:)\s*")
_SUBJECT_CUT = re.compile(r"\s+(?=[a-z]+ed\b)")
_LEADING = re.compile(
    r"^(?:(?:and|but|while|whereas|then|now|also|so|yet|later|earlier|meanwhile|however)\s+)+",
    re.IGNORECASE,
)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:\w+ly|also|then|only|even|all|further|again|later|later\s+on|still|had|has|have"
    r"|would|will|did|does|do))+$"
)
_CAPITALISED_TAIL = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:of\s+(?:the\s+)?)?)*[A-Z][\w'’-]*$"
)
_COMMA = re.compile(r",[\"”’']?\s+")  # '"We are afraid," he said': the comma inside the quote
_RELATIVE_LEAD = re.compile(r"(?:which|that|whom)\s+(?=(?:the|a|an|its|their|his|her)\b)", re.I)
_ASIDE = re.compile(r"\b[Aa]s\s+(?:I|we|you|he|she|they)\s+(?:have\s+|had\s+)?(?:already\s+)?$")
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s[—–]\s")
_NP_CUT = re.compile(r"\s+(?:by|in|at|on|from|with|near|for|to)\s")
_DETERMINER = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|that)\s+[a-z]", re.IGNORECASE)
_NAME_PART = re.compile(rf"^(?:[A-Z][a-z]+\.?\s+)?{_NAME}$")
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|been|be)\b"
)


class Attribution(NamedTuple):
    """A cue at [start, end) of a clause, the actor it names and what it says or credits."""

    start: int
    end: int
    verb: str
    who: str
    content: str
    kind: str  # speech or credit


def find_attributions(
    clause: str,
    before: str = "",
    *,
    words: frozenset[str] | set[str] | None = None,
    cues: tuple | None = None,
) -> list[Attribution]:
    """Return the attributions of a clause, the earliest first.

    `words` (the lower-case words of the sentence), or `cues` (`cues_for(words)`, computed
    once a sentence), let each pattern be skipped when none of the words it needs occurs.
    """
    if cues is None:
        cues = cues_for(words_of(clause.lower()) if words is None else words)
    found: list[Attribution] = []
    if not cues:
        return found
    taken: list[tuple[int, int]] = []

    def add(attribution: Attribution) -> None:
        if not any(s < attribution.end and attribution.start < e for s, e in taken):
            found.append(attribution)
            taken.append((attribution.start, attribution.end))

    lower = clause.lower()
    for cue, present in cues:
        # Scan from a little before the first of the pattern's words in this clause.
        first = -1
        for word in present:
            at = lower.find(word)
            if at >= 0 and (first < 0 or at < first):
                first = at
        if first >= 0:
            cue(clause, before, add, max(0, first - _REACH), present)
    if len(found) > 1:
        found.sort(key=lambda a: a.start)
    return found


def cues_for(words: frozenset[str] | set[str]) -> tuple:
    """Return the patterns worth trying on a sentence made of these words, with its words."""
    if _CUE_WORDS.isdisjoint(words):
        return ()  # most sentences: one set test instead of one a pattern
    return tuple([(cue, present) for cue, needed in _CUES if (present := needed & words)])


def _role(clause: str, before: str, add, start: int = 0, present: Words = frozenset()) -> None:
    role = ROLE_INTRODUCTION.match(clause)
    if role:
        who = role.group("who") or role.group("who2")
        what = role.group("role") or role.group("role2")
        verb = role.group("verb") or role.group("verb2")
        add(Attribution(0, len(clause), _words(verb), who, _words(what), SPEECH))


def _passive(clause: str, before: str, add, start: int = 0, present: Words = frozenset()) -> None:
    for match in PASSIVE.finditer(clause, start):
        who = _actor_after(clause, match.end()) if match.group("by") else ""
        content = _tidy(clause[: match.start()])
        verb = _words(match.group("verb")) + (" by" if match.group("by") else "")
        add(Attribution(match.start(), match.end(), verb, who, content, SPEECH))


def _quoted(clause: str, before: str, add, start: int = 0, present: Words = frozenset()) -> None:
    for match in QUOTED.finditer(clause, start):
        if match.group("as"):
            who, verb = match.group("as"), _words(match.group("asverb"))
            content = _tidy(clause[: match.start()] or clause[match.end() :])
            add(Attribution(*match.span(), verb, who, content, SPEECH))
            continue
        verb = _words(match.group("verb")).lower()
        if verb.startswith("reports"):
            add(Attribution(*match.span(), "reports", "", _tidy(clause[match.end() :]), SPEECH))
            continue
        who = _actor_after(clause, match.end())
        rest = clause[: match.start()] if match.start() > 0 else clause[match.end() + len(who) :]
        add(Attribution(*match.span(), verb, who, _tidy(rest), SPEECH))


def _nominal(clause: str, before: str, add, start: int = 0, present: Words = frozenset()) -> None:
    if "'s " not in clause and "’s " not in clause:
        return
    for match in NOMINAL.finditer(clause, start):
        who = _LEADING.sub("", match.group("who").strip())
        content = _tidy(clause[match.end("verb") :])
        add(Attribution(match.start(), match.end(), match.group("verb"), who, content, SPEECH))


def _speech(clause: str, before: str, add, start: int = 0, present: Words = SPEECH_WORDS) -> None:
    for match in _speech_verbs(clause, start, present):
        if "s " in clause[max(0, match.start() - 30) : match.start()] and _ASIDE.search(
            clause, 0, match.start()
        ):
            continue  # "as I noted earlier" refers back to the speaker's own words
        head = clause[: match.start()]
        if _passive_or_question(clause, match.start()):
            continue
        who = _subject(head, before, prefer_name=True)
        verb = match.group("verb")
        if (
            verb in _FINDING_VERBS
            and not _FINDERS.intersection(words_of(who.lower()))
            and not _THAT_OR_NO.match(clause, match.end())
        ):
            continue  # "the police found 12 bodies": a finding only of an audit, a panel...
        content = _THAT.sub("", clause[match.end() :].strip())
        if not content.strip(" .,;:") and ", " in head.rstrip(" ,"):
            # "Fares have tripled since 2019, critics say": what is said comes first.
            content = head.rstrip(" ,").rsplit(", ", 1)[0]
        add(Attribution(*match.span(), _words(match.group("verb")), who, _tidy(content), SPEECH))


def _speech_verbs(clause: str, start: int, present: Words) -> list[re.Match[str]]:
    """Return what `SPEECH_VERB.finditer(clause, start)` would, trying only where a word of
    `present` stands (or "take", when "credit" or "responsibility" does): every match starts at
    one, and a match tried at a few words costs far less than the pattern's scan of them all."""
    words = present if _TAKE_COMPANY.isdisjoint(present) else _TAKE_WORDS.union(present)
    found = []
    position = start
    for at, _ in sorted(word_anchors(fold(clause), words)):
        if at < position:
            continue
        match = SPEECH_VERB.match(clause, at)
        if match:
            found.append(match)
            position = match.end()
    return found


def _credit_after(
    clause: str, before: str, add, start: int = 0, present: Words = frozenset()
) -> None:
    for match in CREDIT_AFTER.finditer(clause.lower(), start):
        who = _actor_after(clause, match.end())
        owner = _OWNER.match(who)  # always matches, if only the empty string
        who = (who[owner.end() :] if owner else who) or who  # "thanks to the support of X": X
        verb = _words(match.group("verb")).lower()
        add(Attribution(*match.span(), verb, who, _tidy(clause), CREDIT))


def _participle_by(
    clause: str, before: str, add, start: int = 0, present: Words = frozenset()
) -> None:
    for match in PARTICIPLE_BY.finditer(clause, start):
        who = _actor_after(clause, match.end())
        add(Attribution(*match.span(), _words(match.group("verb")), who, _tidy(clause), CREDIT))


def _cause(clause: str, before: str, add, start: int = 0, present: Words = frozenset()) -> None:
    for match in CAUSE.finditer(clause, start):
        who = _subject(clause[: match.start()], before, prefer_name=False)
        content = _tidy(clause[match.end() :])
        add(Attribution(*match.span(), _words(match.group("verb")), who, content, CREDIT))


# "found", "showed", "documented" report what is said only of an inquiry of some kind ("The
# audit by the African Union found the register sound"), or when "that" follows.
_FINDING_VERBS = frozenset(["found", "finds", "showed", "shows", "documented", "established"])
_FINDERS = word_set(
    """audit audits report reports investigation investigations inquiry study studies survey
    panel review probe commission experts investigators analysis court tribunal mission
    monitors observers researchers prosecutors inspectorate inspectors regulator auditors
    watchdog ombudsman"""
)
_THAT_OR_NO = re.compile(r"\s+(?:that|no)\b")

# "took credit for": the one speech verb not a word of SPEECH_WORDS, tried when its object is.
_TAKE_WORDS = frozenset(["took", "takes", "take", "taking"])
_TAKE_COMPANY = frozenset(["credit", "responsibility"])

# How far before the first of its words a pattern may start ("as the army spokesman put it",
# "has been widely reported").
_REACH = 40
# Each pattern with the words a sentence must hold for it to be tried; speech before credit.
_CUES = (
    (_role, _ROLE_WORDS),
    (_passive, _PASSIVE_WORDS),
    (_quoted, _QUOTED_WORDS),
    (_nominal, _NOMINAL_WORDS),
    (_speech, SPEECH_WORDS),
    (_credit_after, _CREDIT_AFTER_WORDS),
    (_participle_by, frozenset(["by"])),
    (_cause, _CAUSE_WORDS),
)
_CUE_WORDS = frozenset().union(*[needed for _, needed in _CUES])


def _passive_or_question(clause: str, start: int) -> bool:
    """Whether the verb at `start` follows "was"/"were" ("he was asked about ...")."""
    return clause[max(0, start - 6) : start].lower().endswith(("was ", "were ", "been ", " be "))


def _words(text: str) -> str:
    return " ".join(text.split())


def _tidy(text: str) -> str:
    return _words(text).strip(' ,;:.—–-"“”')


def _actor_after(clause: str, start: int) -> str:
    """Return the actor named from `start`: up to a comma, a clause break or a verb."""
    end = _ACTOR_END.search(clause, start)
    actor = clause[start : end.start() if end else len(clause)]
    return " ".join(actor.split()[:20]).strip('"“”')


def _subject(head: str, before: str, *, prefer_name: bool) -> str:
    """Return the subject of a verb from the clause text ahead of it."""
    parts = [p for p in _COMMA.split(head.rstrip(' ,"”’')) if p.strip()]
    if not parts:
        return _antecedent(before, prefer_name=prefer_name) if before else ""
    subject = _LEADING.sub("", parts[-1].strip())
    subject = _TRAILING_ADVERBS.sub("", subject).strip(' ,"“”')
    if len(parts) >= 2 and head.rstrip().endswith(","):
        # "The coalition, an alliance of five militias, announced": the subject comes before
        # the apposition; a name in apposition stays with its role ("A spokesman, Jo Bell,").
        first = _LEADING.sub("", parts[-2].strip())
        if _looks_like_subject(first):
            if _NAME_PART.match(subject):
                return f"{first}, {subject}"
            if _DETERMINER.match(subject) or subject[:1].islower():
                return first
    if subject.lower() in _RELATIVE:
        return _antecedent(before, prefer_name=prefer_name)
    relative = _RELATIVE_LEAD.match(subject)
    if relative and relative.end() < len(subject):
        subject = subject[relative.end() :]  # "which a spokesman called ...": a spokesman
    cut = _SUBJECT_CUT.search(subject, 1)
    if cut and len(subject[: cut.start()].split()) >= 2:
        subject = subject[: cut.start()]
    return " ".join(subject.split()[-12:])


def _looks_like_subject(part: str) -> bool:
    """Whether a comma part reads as a noun phrase ("The Liptako coalition"), not a clause."""
    words = part.split()
    return (
        0 < len(words) <= 10
        and (part[:1].isupper() or part.startswith("the "))
        and not (_VERBISH.search(part))
    )


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
