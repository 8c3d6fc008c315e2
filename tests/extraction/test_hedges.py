"""Every hedge word and vague amount in the bounds table, read at the edges of its rule."""

import pytest

from extraction.quantities import HEDGES, VAGUE_BOUNDS, find_periods, find_quantities

# For each hedge: the bounds of 1,000 trucks, of 10 trucks and 9 trucks (where "almost"
# changes from "one less" to "up to"), and of a 5% share (a measure, not a count).
BY_RULE = {
    "almost": [(900, 999), (9, 9), (8, 9), (4.5, 5)],
    "about": [(900, 1100), (9, 11), (8, 10), (4.5, 5.5)],
    "over": [(1001, None), (11, None), (10, None), (5, None)],
    "at_least": [(1000, None), (10, None), (9, None), (5, None)],
    "under": [(None, 999), (None, 9), (None, 8), (None, 5)],
    "at_most": [(None, 1000), (None, 10), (None, 9), (None, 5)],
    "exact": [(1000, 1000), (10, 10), (9, 9), (5, 5)],
}
RULES = {
    "almost": ["almost", "nearly", "close to", "just under"],
    "about": ["about", "around", "roughly", "approximately", "some", "an estimated"],
    "over": ["more than", "over", "above", "in excess of", "upwards of", "just over", "well over"],
    "at_least": ["at least", "no fewer than", "no less than"],
    "under": ["less than", "fewer than", "under", "below"],
    "at_most": ["up to", "at most", "no more than"],
    "exact": ["only", "just", "exactly"],
}
CASES = [
    (hedge, rule, figure, bounds)
    for rule, hedges in RULES.items()
    for hedge in hedges
    for figure, bounds in zip(
        ["1,000 trucks", "10 trucks", "9 trucks", "5% of the vote"], BY_RULE[rule], strict=True
    )
]


def first(sentence: str):
    found = [q for q in find_quantities(sentence, find_periods(sentence)) if q.kind != "trend"]
    assert found, sentence
    return found[0]


def test_every_hedge_in_the_table_is_tested():
    assert {h for hedges in RULES.values() for h in hedges} == set(HEDGES)
    assert all(HEDGES[h] == rule for rule, hedges in RULES.items() for h in hedges)


@pytest.mark.parametrize("hedge, rule, figure, bounds", CASES)
def test_hedge_bounds_at_the_edges(hedge, rule, figure, bounds):
    quantity = first(f"The report counted {hedge} {figure} in the district.")
    assert quantity.text.lower().startswith(hedge)
    assert (quantity.low, quantity.high) == bounds


# Every vague amount, with the bounds the table gives it (None: no bound on that side).
VAGUE = {
    "several hundred": ("several hundred fighters", 200, 900),
    "hundreds of thousands": ("hundreds of thousands of refugees", 200_000, 999_999),
    "hundreds": ("hundreds of fighters", 200, 999),
    "several thousand": ("several thousand fighters", 2_000, 9_000),
    "tens of thousands": ("tens of thousands of refugees", 20_000, 99_999),
    "thousands": ("thousands of refugees", 2_000, 9_999),
    "several million": ("several million dollars", 2_000_000, 9_000_000),
    "millions": ("millions of dollars", 2_000_000, 999_999_999),
    "several dozen": ("several dozen trucks", 24, 99),
    "dozens": ("dozens of trucks", 24, 99),
    "decades": ("decades of war", 20, 99),
    "a dozen": ("a dozen trucks", 12, 12),
    "a couple of": ("a couple of trucks", 2, 2),
    "a number of": ("a number of trucks", None, None),
    "a handful of": ("a handful of trucks", None, None),
    "a few": ("a few trucks", None, None),
    "several": ("several trucks", None, None),
    "many": ("many trucks", None, None),
    "numerous": ("numerous trucks", None, None),
    "countless": ("countless trucks", None, None),
    "scores of": ("scores of trucks", None, None),
}


def test_every_vague_amount_in_the_table_is_tested():
    assert set(VAGUE) == set(VAGUE_BOUNDS)


@pytest.mark.parametrize("words", sorted(VAGUE))
def test_vague_amounts_get_the_table_bounds(words):
    phrase, low, high = VAGUE[words]
    quantity = first(f"The patrol saw {phrase} near the river.")
    assert quantity.qualifier == words
    assert (quantity.low, quantity.high) == (low, high)
