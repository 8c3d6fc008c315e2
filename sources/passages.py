"""Cut a text into passages (caption, credit, narration, question, answer, byline).

Pure functions of the text: the importer stores what they return. Offsets index the text
exactly as given; every passage is a stripped paragraph, so passages run in order, never
overlap, and together cover every non-blank character.
"""

import re
from dataclasses import dataclass

# A turn opens with a dash ("— Yes, ..."), a Q:/A: label or an upper-case "NAME:" label.
DASH_TURN = re.compile(r"^[—–]\s*|^-\s+")
QA_LABEL = re.compile(r"^(?P<label>Q|A|Question|Answer)\s*[:.]\s*", re.IGNORECASE)
NAME_LABEL = re.compile(r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s+")
SCRAPE_RESIDUE = re.compile(r"\s*\|\s*$")
IMAGE_PLACEHOLDER = re.compile(r"^!\[[^\]]*\]\([^)]*\)")
CREDIT_LINE = re.compile(r"^(source|photo|image|credit|picture)\b|©", re.IGNORECASE)
# A labelled caption or credit anywhere in the text: never a turn, never anyone's words.
CAPTION_LABEL = re.compile(r"^(?:photo|photograph|picture|image|caption)\s*:", re.IGNORECASE)
CREDIT_LABEL = re.compile(r"^(?:credit\s*:|source\s*:\s*©|©)", re.IGNORECASE)
MAX_LABEL_LINE = 300  # a caption or a credit is a line, not a paragraph
# "Alexander Ivanov, Director of ..." at the start of the intro names the interviewee.
INTRO_NAME = re.compile(r"^(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}),")
CAPTION_NAME = re.compile(r"\bis (?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})\b")
CREDIT_OUTLET = re.compile(r"©\s*(?P<name>[\w .&'-]+?)\s*(?:\||$)")
BYLINE = re.compile(
    r"^(?:by\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})*\.?$",
    re.IGNORECASE,
)

DEFAULT_INTERVIEWER = "Interviewer"
DEFAULT_INTERVIEWEE = "Interviewee"


@dataclass(frozen=True)
class PassageSpan:
    """A part of a text: [start, end) offsets, its role and its speaker."""

    start: int
    end: int
    role: str
    speaker: str


@dataclass
class _Paragraph:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[_Paragraph]:
    """Return the text's non-blank lines, stripped, with their offsets."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        found.append(_Paragraph(start, start + len(stripped), stripped))
    return _join_wrapped_lines(text, found)


def _join_wrapped_lines(text: str, lines: list[_Paragraph]) -> list[_Paragraph]:
    """Join hard-wrapped lines into paragraphs when the text separates them by blank lines."""
    if not re.search(r"\n[ \t]*\n", text):
        return lines
    joined: list[_Paragraph] = []
    for line in lines:
        previous = joined[-1] if joined else None
        gap = text[previous.end : line.start] if previous else ""
        if previous and gap.count("\n") == 1 and not _opens_turn(line.text):
            joined[-1] = _Paragraph(previous.start, line.end, text[previous.start : line.end])
        else:
            joined.append(line)
    return joined


def _opens_turn(paragraph: str) -> bool:
    return bool(
        DASH_TURN.match(paragraph) or QA_LABEL.match(paragraph) or NAME_LABEL.match(paragraph)
    )


def _is_header(paragraph: str) -> bool:
    return bool(SCRAPE_RESIDUE.search(paragraph) or IMAGE_PLACEHOLDER.match(paragraph))


def find_outlet_name(text: str) -> str:
    """Return the outlet named in a credit line ("Source: © TASS |"), or ''."""
    for paragraph in paragraphs(text)[:6]:
        match = CREDIT_OUTLET.search(paragraph.text)
        if match:
            return match.group("name").strip()
    return ""


def _interviewee(paras: list[_Paragraph]) -> str:
    for paragraph in paras:
        if _is_header(paragraph.text) or _opens_turn(paragraph.text):
            continue
        match = INTRO_NAME.match(paragraph.text)
        if match:
            return match.group("name")
        break
    for paragraph in paras:
        if _is_header(paragraph.text):
            match = CAPTION_NAME.search(paragraph.text)
            if match:
                return match.group("name")
    return DEFAULT_INTERVIEWEE


def _header_role(paragraph: str) -> str:
    if CREDIT_LINE.search(paragraph) and not IMAGE_PLACEHOLDER.match(paragraph):
        return "credit"
    return "caption"


def _labelled(paragraph: str) -> bool:
    """Whether a paragraph opens with a caption's or a credit's label ("Photo:", "Source: ©"):
    never a speaker's name label, even when the report runs on under it."""
    return bool(CAPTION_LABEL.match(paragraph) or CREDIT_LABEL.match(paragraph))


def _label_role(paragraph: str) -> str:
    """Return 'caption' or 'credit' for a labelled caption or credit line, else ''.

    Only a line of its own: a paragraph that goes on past its label's line ("Source: © X" and
    the report under it, with no blank line between) is the report, not a credit.
    """
    if "\n" in paragraph.strip() or len(paragraph) > MAX_LABEL_LINE:
        return ""
    if CAPTION_LABEL.match(paragraph):
        return "caption"
    if CREDIT_LABEL.match(paragraph):
        return "credit"
    return ""


def split_passages(text: str, outlet: str = "") -> list[PassageSpan]:
    """Cut text into passages with a role and a speaker.

    Interviews are recognised by dash turns, Q:/A: labels or NAME: labels: questions are the
    interviewer's (the outlet), answers and their continuation paragraphs the interviewee's
    (named at the start of the intro). Labelled captions and credits ("Photo:", "Caption:",
    "Credit:", "Source: ©") past the header are captions and credits with no speaker. Anything
    else is narration, spoken by the outlet; with no outlet known, narration and headers have
    no speaker (nobody is invented for them).
    """
    paras = paragraphs(text)
    publisher = outlet or find_outlet_name(text)
    interviewer = publisher or DEFAULT_INTERVIEWER
    interviewee = _interviewee(paras)
    spans: list[PassageSpan] = []
    in_header = True
    turn_role = ""  # role of the current dialogue turn, '' before the first
    turn_speaker = ""
    dash_turns = 0
    label_speakers: list[str] = []
    # "Name:" opens a turn only in a text that uses such labels more than once.
    uses_name_labels = (
        sum(1 for p in paras if NAME_LABEL.match(p.text) and not _labelled(p.text)) >= 2
    )

    for index, paragraph in enumerate(paras):
        body = paragraph.text
        if in_header and _is_header(body):
            spans.append(_span(paragraph, _header_role(body), publisher))
            continue
        in_header = False

        label_role = _label_role(body)
        if label_role:  # "Photo: ...", "Credit: ...": said by nobody, and no turn ends
            spans.append(_span(paragraph, label_role, ""))
            continue

        is_last = index == len(paras) - 1
        if is_last and len(body) <= 120 and BYLINE.match(body) and len(paras) > 1:
            spans.append(_span(paragraph, "byline", ""))
            continue

        qa = QA_LABEL.match(body)
        named = NAME_LABEL.match(body) if not _labelled(body) else None
        if DASH_TURN.match(body):
            turn_role = "question" if dash_turns % 2 == 0 else "answer"
            dash_turns += 1
            turn_speaker = interviewer if turn_role == "question" else interviewee
        elif qa:
            turn_role = "question" if qa.group("label").lower().startswith("q") else "answer"
            turn_speaker = interviewer if turn_role == "question" else interviewee
        elif named and uses_name_labels:
            name = named.group("name").strip()
            if name not in label_speakers:
                label_speakers.append(name)
            # The first labelled voice asks unless it is plainly the interviewee.
            asks = name.lower() == interviewer.lower() or (
                label_speakers[0] == name and name.lower() != interviewee.lower()
            )
            turn_role = "question" if asks else "answer"
            turn_speaker = _title_name(name)
        elif not turn_role:
            spans.append(_span(paragraph, "narration", publisher))
            continue
        # else: a paragraph without a marker continues the current turn.
        spans.append(_span(paragraph, turn_role, turn_speaker))
    return spans


def _title_name(name: str) -> str:
    return name.title() if name.isupper() else name


def _span(paragraph: _Paragraph, role: str, speaker: str) -> PassageSpan:
    return PassageSpan(paragraph.start, paragraph.end, role, speaker)
