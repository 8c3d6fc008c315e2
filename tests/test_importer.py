"""The importer: exact text, sha256, deduplication and passages with role and speaker."""

import hashlib

import pytest

from claims.demo import DEMO_TEXT
from extraction import find_candidates
from sources.importing import ImportProblem, import_text
from sources.models import Passage, Source
from sources.passages import split_passages
from tests.extraction.scoring import DATA

# Offsets of every paragraph of the interview as read from the corpus file, with the role
# and speaker the importer must give it.
INTERVIEW_PASSAGES = [
    (0, 7, "caption", "TASS"),
    (8, 51, "caption", "TASS"),
    (52, 68, "credit", "TASS"),
    (69, 461, "narration", "TASS"),
    (462, 617, "question", "TASS"),
    (618, 964, "answer", "Alexander Ivanov"),
    (965, 1158, "answer", "Alexander Ivanov"),
    (1159, 1581, "answer", "Alexander Ivanov"),
    (1582, 1922, "question", "TASS"),
    (1923, 2479, "answer", "Alexander Ivanov"),
    (2480, 3161, "answer", "Alexander Ivanov"),
    (3162, 3346, "answer", "Alexander Ivanov"),
    (3347, 3478, "question", "TASS"),
    (3479, 4125, "answer", "Alexander Ivanov"),
    (4126, 4259, "question", "TASS"),
    (4260, 4687, "answer", "Alexander Ivanov"),
    (4688, 5020, "answer", "Alexander Ivanov"),
    (5021, 5199, "answer", "Alexander Ivanov"),
    (5200, 5380, "question", "TASS"),
    (5381, 5545, "answer", "Alexander Ivanov"),
    (5546, 6009, "answer", "Alexander Ivanov"),
    (6010, 6288, "answer", "Alexander Ivanov"),
    (6289, 6797, "answer", "Alexander Ivanov"),
    (6798, 7084, "question", "TASS"),
    (7085, 7475, "answer", "Alexander Ivanov"),
    (7476, 7714, "answer", "Alexander Ivanov"),
    (7715, 7827, "question", "TASS"),
    (7828, 8682, "answer", "Alexander Ivanov"),
    (8683, 9109, "question", "TASS"),
    (9110, 9215, "answer", "Alexander Ivanov"),
    (9216, 9737, "answer", "Alexander Ivanov"),
    (9738, 9884, "question", "TASS"),
    (9885, 11129, "answer", "Alexander Ivanov"),
    (11130, 11167, "byline", ""),
]

DEMO_ROLES = [
    ("caption", "Lakeside Courier"),
    ("caption", "Lakeside Courier"),
    ("credit", "Lakeside Courier"),
    ("narration", "Lakeside Courier"),
    ("question", "Lakeside Courier"),
    ("answer", "Mara Veltin"),
    ("answer", "Mara Veltin"),
    ("answer", "Mara Veltin"),
    ("question", "Lakeside Courier"),
    ("answer", "Mara Veltin"),
    ("answer", "Mara Veltin"),
    ("question", "Lakeside Courier"),
    ("answer", "Mara Veltin"),
    ("answer", "Mara Veltin"),
    ("question", "Lakeside Courier"),
    ("answer", "Mara Veltin"),
    ("answer", "Mara Veltin"),
    ("byline", ""),
]


def assert_tiles(text: str, passages) -> None:
    """Passages run in order, never overlap, and cover every non-blank character."""
    cursor = 0
    for passage in passages:
        assert passage.start >= cursor, "passages overlap or run out of order"
        assert text[cursor : passage.start].strip() == "", "text left outside any passage"
        assert passage.start < passage.end
        cursor = passage.end
    assert text[cursor:].strip() == ""


@pytest.mark.django_db
def test_interview_imports_with_every_passage_role_and_speaker(interview_text):
    result = import_text(interview_text, title="SOMB interview", outlet="TASS", kind="interview")

    source = Source.objects.get(pk=result.source.pk)
    assert source.text == interview_text
    assert source.sha256 == hashlib.sha256(interview_text.encode()).hexdigest()
    stored = list(source.passages.order_by("position"))
    assert [(p.start, p.end, p.role, p.speaker) for p in stored] == INTERVIEW_PASSAGES
    assert_tiles(interview_text, stored)


def test_interview_questions_and_answers_alternate_from_the_dashes(interview_text):
    spans = split_passages(interview_text)
    dash_turns = [s for s in spans if interview_text[s.start] == "—"]
    assert [s.role for s in dash_turns] == ["question", "answer"] * 9
    continuation = next(s for s in spans if interview_text[s.start :].startswith("As you can see"))
    assert (continuation.role, continuation.speaker) == ("answer", "Alexander Ivanov")


def test_outlet_is_read_from_the_credit_line_when_not_given(interview_text):
    spans = split_passages(interview_text)
    assert {s.speaker for s in spans if s.role == "question"} == {"TASS"}


@pytest.mark.django_db
def test_demo_text_imports_into_its_passages():
    text = DEMO_TEXT.read_text(encoding="utf-8")
    source = import_text(text, outlet="Lakeside Courier", kind="interview").source

    stored = list(source.passages.order_by("position"))
    assert [(p.role, p.speaker) for p in stored] == DEMO_ROLES
    assert_tiles(text, stored)


@pytest.mark.django_db
def test_same_text_again_returns_the_stored_source():
    first = import_text("Officials said 12 bridges were repaired in 2024.", title="a")
    again = import_text("Officials said 12 bridges were repaired in 2024.", title="b")

    assert first.created and not again.created
    assert again.source.pk == first.source.pk
    assert Source.objects.count() == 1
    assert Passage.objects.filter(source=first.source).count() == 1


def test_qa_labels_make_questions_and_answers():
    text = "Q: How many wells?\nA: About 40.\nMost were dug in spring.\nQ: Where?\nA: Near Tarn."
    spans = split_passages(text, outlet="Courier")
    assert [(s.role, s.speaker) for s in spans] == [
        ("question", "Courier"),
        ("answer", "Interviewee"),
        ("answer", "Interviewee"),
        ("question", "Courier"),
        ("answer", "Interviewee"),
    ]
    assert_tiles(text, spans)


def test_name_labels_give_each_voice_its_name():
    text = (
        "HOST: Welcome. How many schools reopened?\n"
        "ANNA PETROVA: Twelve, and more than 3,000 pupils came back.\n"
        "HOST: And next year?\n"
        "ANNA PETROVA: We expect about twenty."
    )
    spans = split_passages(text)
    assert [(s.role, s.speaker) for s in spans] == [
        ("question", "Host"),
        ("answer", "Anna Petrova"),
        ("question", "Host"),
        ("answer", "Anna Petrova"),
    ]


@pytest.mark.django_db
def test_a_closing_photo_caption_with_its_credit_is_a_caption_said_by_nobody():
    text = (
        "REPORTER: How many boats sank?\n\n"
        "HARBOUR MASTER: Forty, and the quay is gone.\n\n"
        "REPORTER: How long will the repairs take?\n\n"
        "HARBOUR MASTER: Two years at least.\n\n"
        "Photo: Harbour of Port Ellis after the storm. Credit: Coastal Daily archive."
    )
    source = import_text(text, outlet="Coastal Daily", kind="interview").source
    stored = list(source.passages.order_by("position"))
    assert [(p.role, p.speaker) for p in stored] == [
        ("question", "Reporter"),
        ("answer", "Harbour Master"),
        ("question", "Reporter"),
        ("answer", "Harbour Master"),
        ("caption", ""),
    ]
    assert text[stored[-1].start : stored[-1].end].startswith("Photo: Harbour of Port Ellis")
    assert_tiles(text, stored)


def test_caption_and_credit_lines_get_their_roles_and_never_a_speaker():
    text = (
        "Photograph: The quay at dawn.\n\n"
        "— How many boats were lost?\n\n"
        "— Forty, by our count.\n\n"
        "Caption: Fishermen sort nets on the quay.\n\n"
        "Most of them were insured.\n\n"
        "CREDIT: Jo Marr for the Coastal Daily\n\n"
        "Source: © Coastal Daily"
    )
    spans = split_passages(text, outlet="Coastal Daily")
    assert [(s.role, s.speaker) for s in spans] == [
        ("caption", ""),
        ("question", "Coastal Daily"),
        ("answer", "Interviewee"),
        ("caption", ""),
        ("answer", "Interviewee"),  # the caption does not end the answer
        ("credit", ""),
        ("credit", ""),
    ]
    assert_tiles(text, spans)


def test_plain_article_is_narration_joined_across_hard_wraps():
    text = (
        "The council said on Monday that 14 clinics\nwould reopen by June.\n\n"
        "Note: figures are provisional.\n\nOpposition members disputed the count.\n"
    )
    spans = split_passages(text)
    assert [s.role for s in spans] == ["narration", "narration", "narration"]
    assert text[spans[0].start : spans[0].end].endswith("by June.")
    assert_tiles(text, spans)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, message",
    [("   \n\n ", "is empty"), ("bad\x00byte", "binary"), ("x" * (5 * 1024 * 1024 + 1), "limit")],
)
def test_bad_text_is_refused_and_nothing_is_written(text, message):
    with pytest.raises(ImportProblem, match=message):
        import_text(text)
    assert Source.objects.count() == 0


def test_a_credit_line_running_into_its_report_leaves_the_report_narration():
    """'Source: © X' with the report under it and no blank line between is the report."""
    report = (DATA / "granary-report.txt").read_text(encoding="utf-8")
    assert "Source: © Brinmoor Ledger |\nGrain stores" in report
    twice = "\n\n".join([report, report])  # two paragraphs, each opening with the credit
    passages = split_passages(twice)
    assert {p.role for p in passages if "Grain stores" in twice[p.start : p.end]} == {"narration"}
    once = len(find_candidates(report, split_passages(report)))
    assert once > 10 and len(find_candidates(twice, passages)) == 2 * once
