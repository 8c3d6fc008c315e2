"""Figures and their bounds, as DESIGN.md's table of vague quantities sets them."""

import pytest

from extraction.quantities import VAGUE_BOUNDS, find_periods, find_quantities, parse_number


def first(sentence: str):
    found = [q for q in find_quantities(sentence, find_periods(sentence)) if q.kind != "trend"]
    assert found, sentence
    return found[0]


@pytest.mark.parametrize(
    "sentence, text, qualifier, low, high, unit",
    [
        ("almost a thousand militants surrendered", "almost a thousand", "almost", 900, 999,
         "militants"),
        ("about 1,000 people came", "about 1,000", "about", 900, 1100, "people"),
        ("more than 4,500 patients were seen", "more than 4,500", "more than", 4501, None,
         "patients"),
        ("over 200 trains", "over 200", "over", 201, None, "trains"),
        ("several hundred militants were killed", "several hundred", "several hundred", 200,
         900, "militants"),
        ("hundreds of homes", "hundreds", "hundreds", 200, 999, "homes"),
        ("dozens of settlements", "dozens", "dozens", 24, 99, "settlements"),
        ("a number of partners left", "a number of", "a number of", None, None, "partners"),
        ("many agreements were signed", "many", "many", None, None, "agreements"),
        ("the release of 14 children", "14", "", 14, 14, "children"),
        ("after a 10-year hiatus", "10-year", "", 10, 10, "years"),
        ("after a 10—year hiatus", "10—year", "", 10, 10, "years"),
        ("for more than eight years", "more than eight years", "more than", 8, None, "years"),
        ("between 10 and 20 villages", "between 10 and 20", "between", 10, 20, "villages"),
        ("it fell by 12.5%", "12.5%", "", 12.5, 12.5, "percent"),
        ("a 28 percent share", "28 percent", "", 28, 28, "percent"),
        ("fourteen boats sank", "fourteen", "", 14, 14, "boats"),
        ("two and a half tonnes", "two and a half", "", 2.5, 2.5, "tonnes"),
        ("at least three years", "at least three years", "at least", 3, None, "years"),
        ("fewer than 200 trains", "fewer than 200", "fewer than", None, 199, "trains"),
        ("nearly half of the farms", "nearly half", "nearly", 45, 50, "percent"),
        ("1.2 million trips", "1.2 million", "", 1_200_000, 1_200_000, "trips"),
    ],
)  # fmt: skip
def test_figures_get_the_designed_bounds(sentence, text, qualifier, low, high, unit):
    quantity = first(sentence)
    assert (quantity.text, quantity.qualifier, quantity.low, quantity.high, quantity.unit) == (
        text, qualifier, low, high, unit,
    )  # fmt: skip


def test_every_bounded_vague_amount_has_low_not_above_high():
    for words, (low, high) in VAGUE_BOUNDS.items():
        assert (low is None) == (high is None) or words, words
        if low is not None and high is not None:
            assert low <= high, words


@pytest.mark.parametrize(
    "sentence",
    [
        "the two countries signed a treaty",  # "the two" refers back, asserts no figure
        "in 2024 the talks resumed",  # a year is a period, not a figure
        "the 3R group abducted him",
        "half the story",
    ],
)
def test_words_that_are_not_figures_are_left_alone(sentence):
    assert [q for q in find_quantities(sentence, find_periods(sentence)) if q.kind != "trend"] == []


def test_trends_are_found_with_their_direction():
    found = find_quantities("Donations fell sharply while exports continue to grow", [])
    assert [(q.kind, q.qualifier) for q in found] == [("trend", "decrease"), ("trend", "increase")]


@pytest.mark.parametrize(
    "words, value",
    [("1,500", 1500), ("a thousand", 1000), ("two thousand", 2000), ("twenty-five", 25),
     ("one and a half", 1.5), ("3 million", 3_000_000), ("nonsense", None)],
)  # fmt: skip
def test_parse_number_reads_digits_and_words(words, value):
    assert parse_number(words) == value
