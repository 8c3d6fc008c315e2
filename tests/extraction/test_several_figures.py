"""Several figures of one act make one candidate; each figure keeps its bounds."""

import pytest

from extraction import find_candidates


def figures(candidate: dict) -> list[tuple]:
    return [(f["quantity_text"], f["value_low"], f["value_high"], f["unit"])
            for f in candidate["figures"]]  # fmt: skip


def test_one_act_with_two_figures_is_one_candidate():
    text = "The ministry shipped four water tankers and about 60 tents to the camp at Mentao."
    (candidate,) = find_candidates(text)
    assert candidate["quote"] == text.rstrip(".")
    assert figures(candidate) == [
        ("four", 4, 4, "water tankers"),
        ("about 60", 54, 66, "tents"),
    ]
    assert (candidate["quantity_text"], candidate["value_low"], candidate["value_high"]) == (
        "four", 4, 4,
    )  # fmt: skip


def test_a_list_of_three_figures_with_commas_is_one_candidate():
    text = "Police seized 12 rifles, 3 grenades and more than 400 rounds in the raid."
    (candidate,) = find_candidates(text)
    assert [f[1:3] for f in figures(candidate)] == [(12, 12), (3, 3), (401, None)]


def test_two_acts_joined_by_and_stay_two_candidates():
    text = "The storm flattened 30 huts and cut off nearly 2,000 people from the road."
    quotes = [c["quote"] for c in find_candidates(text)]
    assert quotes == ["The storm flattened 30 huts", "cut off nearly 2,000 people from the road"]


def test_a_share_of_a_figure_is_a_claim_of_its_own():
    text = "The camp holds 9,000 refugees, 2,500 of them children."
    assert [c["figures"][0]["value_low"] for c in find_candidates(text)] == [9_000, 2_500]


def test_a_single_figure_is_a_list_of_one():
    (candidate,) = find_candidates("Rebels freed 14 hostages.")
    assert figures(candidate) == [("14", 14, 14, "hostages")]


def test_a_clause_without_a_figure_lists_none():
    (candidate,) = find_candidates("The governor denied the rumours.")
    assert candidate["figures"] == []


@pytest.mark.parametrize(
    "text, words, low, high",
    [
        ("The militia turned over six prisoners to the elders.", "six", 6, 6),
        ("Rebels took over two police stations overnight.", "two", 2, 2),
        ("Fighters handed over 35 rifles at the camp.", "35", 35, 35),
        ("The deserters gave up 40 rifles and a truck.", "40", 40, 40),
        ("Shells left over from the war killed 130 people.", "130", 130, 130),
        ("The town came under 40 attacks in a month.", "40", 40, 40),
        # Where "over" still means "more than":
        ("The raids killed over 100 people.", "over 100", 101, None),
        ("The flood left over 300 families homeless.", "over 300", 301, None),
        ("The siege took over two years.", "over two years", 2, None),
    ],
)
def test_phrasal_verbs_never_make_a_hedge(text, words, low, high):
    (candidate,) = find_candidates(text)
    assert (candidate["quantity_text"], candidate["value_low"], candidate["value_high"]) == (
        words, low, high,
    )  # fmt: skip
    if words[0].isdigit() or words in ("six", "two"):
        assert candidate["qualifier"] == ""


def test_a_dateline_and_a_date_are_not_figures():
    text = "GAO, May 9 (Example Wire) - The army said 12 soldiers died on May 7."
    (candidate,) = find_candidates(text)
    assert candidate["quote"] == "The army said 12 soldiers died on May 7"
    assert [f["value_low"] for f in candidate["figures"]] == [12]


def test_a_second_subject_without_a_verb_shares_the_act():
    (candidate,) = find_candidates("The port will load 40 trucks and the airfield 12 cargo planes.")
    assert [(f["value_low"], f["unit"]) for f in candidate["figures"]] == [
        (40, "trucks"),
        (12, "cargo planes"),
    ]


def test_a_second_subject_with_a_verb_of_its_own_is_a_second_act():
    candidates = find_candidates("The port loaded 40 trucks and the airfield sent 12 cargo planes.")
    assert [c["quote"] for c in candidates] == [
        "The port loaded 40 trucks",
        "the airfield sent 12 cargo planes",
    ]


def test_an_appended_comparison_is_a_claim_of_its_own():
    candidates = find_candidates("About 5,000 pupils enrolled this term, 700 more than last year.")
    assert [c["quote"] for c in candidates] == [
        "About 5,000 pupils enrolled this term",
        "700 more than last year",
    ]
    assert (candidates[1]["value_low"], candidates[1]["value_high"]) == (700, 700)


def test_a_share_in_words_after_a_figure_is_cut_off_with_its_source():
    candidates = find_candidates(
        "Floods destroyed 300 houses, most of them made of mud brick, according to the prefect."
    )
    assert [c["quote"] for c in candidates] == [
        "Floods destroyed 300 houses",
        "most of them made of mud brick, according to the prefect",
    ]
    assert candidates[1]["attributed_to"] == "the prefect"


@pytest.mark.parametrize(
    "text, words, low, high, unit",
    [
        ("The garrison took over one airstrip near the river.", "one", 1, 1, "airstrip"),
        ("The navy lost one patrol boat in the storm.", "one", 1, 1, "patrol boat"),
        ("Only one clinic was left open in the district.", "Only one", 1, 1, "clinic"),
        ("At least one convoy was attacked.", "At least one", 1, None, "convoy"),
    ],
)
def test_one_alone_counts_after_a_verb_or_a_hedge(text, words, low, high, unit):
    (candidate,) = find_candidates(text)
    assert (candidate["quantity_text"], candidate["value_low"], candidate["value_high"]) == (
        words,
        low,
        high,
    )
    assert candidate["unit"] == unit


@pytest.mark.parametrize(
    "text",
    [
        "No one was hurt in the fire.",
        "One of the guards left the post.",
        "One day the road will reopen.",
        "The envoy met one another's delegations.",
    ],
)
def test_one_that_counts_nothing_is_no_figure(text):
    assert all(not c["figures"] for c in find_candidates(text))


def test_a_second_object_without_a_verb_shares_the_act():
    (candidate,) = find_candidates("Raiders took four tractors and seed worth about $90,000.")
    assert [(f["value_low"], f["value_high"]) for f in candidate["figures"]] == [
        (4, 4),
        (81_000, 99_000),
    ]


@pytest.mark.parametrize(
    "text, words, low, high, unit",
    [
        ("The ministry pledged about $2.5 million for wells.", "about $2.5 million",
         2_250_000, 2_750_000, "dollars"),
        ("The fine was €40,000.", "€40,000", 40_000, 40_000, "euros"),
        ("The detour adds 3 to 5 days to each trip.", "3 to 5 days", 3, 5, "days"),
        ("Between 20 and 30 guards were posted.", "Between 20 and 30", 20, 30, "guards"),
    ],
)  # fmt: skip
def test_money_and_ranges_get_their_bounds(text, words, low, high, unit):
    (candidate,) = find_candidates(text)
    assert (candidate["quantity_text"], candidate["value_low"], candidate["value_high"]) == (
        words,
        low,
        high,
    )
    assert candidate["unit"] == unit


def test_from_one_figure_to_another_is_no_range():
    (candidate,) = find_candidates("Patrols rose from 10 to 14 a week.")
    assert [(f["value_low"], f["value_high"]) for f in candidate["figures"]] == [(10, 10), (14, 14)]
