"""A source's figure beside a claim's: bounds read by the same parser, relations at their edges."""

import pytest

from extraction.figures import Figure, compare, read_figure, same_unit

CLAIM = Figure(900, 999, "militants")  # "almost a thousand militants"


def test_about_400_against_almost_a_thousand_reads_above_by_about_2_4():
    source = read_figure("about 400")

    assert (source.low, source.high) == (360, 440)
    comparison = compare(CLAIM, source)
    assert comparison.relation == "above"
    assert comparison.ratio == pytest.approx(2.37, abs=0.01)


@pytest.mark.parametrize(
    ("source", "relation"),
    [
        (Figure(900, 999), "within"),  # equal bounds
        (Figure(950, 950), "within"),
        (Figure(999, 1100), "overlaps"),  # touching at the top edge (bounds are inclusive)
        (Figure(800, 900), "overlaps"),  # touching at the bottom edge
        (Figure(1000, 1100), "below"),  # just past the top: the claim says less
        (Figure(100, 899), "above"),  # just under the bottom: the claim says more
        (Figure(301, None), "overlaps"),  # "more than 300": open above
        (Figure(None, 899), "above"),  # "fewer than 900"
        (Figure(None, None), "not_comparable"),  # no figure read
        (Figure(950, 950, "percent"), "not_comparable"),  # different units
    ],
)
def test_relations_at_their_edges(source, relation):
    assert compare(CLAIM, source).relation == relation


def test_an_open_claim_holds_a_figure_inside_its_open_side():
    more_than_300 = read_figure("more than 300 militants")

    assert (more_than_300.low, more_than_300.high) == (301, None)
    assert compare(more_than_300, Figure(400, 400)).relation == "within"
    assert compare(more_than_300, Figure(250, 250)).relation == "above"


def test_a_claim_without_bounds_is_not_comparable():
    assert compare(Figure(None, None, "wells"), Figure(40, 40)).relation == "not_comparable"


def test_units_agree_on_their_counted_noun_or_when_one_is_blank():
    assert same_unit("new wells", "wells")
    assert same_unit("militants", "")
    assert same_unit("children", "children")
    assert not same_unit("percent", "militants")
