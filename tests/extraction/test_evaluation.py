"""The extractor against claims annotated by hand in three texts: recall, precision, bounds."""

import pytest

from extraction import find_candidates
from sources.passages import split_passages
from tests.extraction.scoring import DATA, load_gold, score

MIN_RECALL, MIN_PRECISION = 0.9, 0.6
INTERVIEW_RECALL = 0.95


def _evaluate(
    name: str, annotations: str, text: str, capsys, min_recall: float = MIN_RECALL
) -> None:
    gold = load_gold(annotations, text)
    candidates = find_candidates(text, split_passages(text))
    result = score(candidates, gold["claims"])
    with capsys.disabled():
        print("\n" + result.report(name, text))
    assert result.recall >= min_recall, result.report(name, text)
    assert result.precision >= MIN_PRECISION, result.report(name, text)
    wrong = [
        (g["label"], g["bounds"], [c["value_low"], c["value_high"]])
        for g, c in result.pairs
        if "bounds" in g and [c["value_low"], c["value_high"]] != g["bounds"]
    ]
    assert not wrong, f"{name}: bounds differ from the annotation: {wrong}"


@pytest.mark.corpus
def test_interview_recall_and_precision_meet_the_bar(interview_text, capsys):
    _evaluate("interview", "interview-claims.json", interview_text, capsys, INTERVIEW_RECALL)


def test_demo_interview_recall_and_precision_meet_the_bar(demo_text, capsys):
    _evaluate("demo interview", "harbour-interview-claims.json", demo_text, capsys)


def test_granary_report_recall_and_precision_meet_the_bar(granary_text, capsys):
    _evaluate("granary report", "granary-report-claims.json", granary_text, capsys)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "words, unit, low, high",
    [
        ("almost a thousand", "militants", 900, 999),
        ("14", "children", 14, 14),
        ("several hundred", "militants", 200, 900),
        ("dozens", "settlements", 24, 99),
        ("five", "employees", 5, 5),
    ],
)
def test_interview_figures_get_the_designed_bounds(interview_text, words, unit, low, high):
    candidates = find_candidates(interview_text, split_passages(interview_text))
    found = [c for c in candidates if c["quantity_text"] == words]
    assert len(found) == 1, [c["quantity_text"] for c in candidates]
    assert (found[0]["value_low"], found[0]["value_high"], found[0]["unit"]) == (low, high, unit)
    assert found[0]["speaker"] == "Alexander Ivanov"


def test_held_out_transit_qa_recall_and_precision_meet_the_bar(capsys):
    text = (DATA / "transit-qa.txt").read_text(encoding="utf-8")
    _evaluate("transit Q&A", "transit-qa-claims.json", text, capsys)
