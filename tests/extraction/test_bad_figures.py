"""Figures no claim can hold do not stop the candidates of a source from being stored."""

import json

import pytest

from claims.models import Claim
from claims.workflow import propose_candidates
from extraction import find_candidates
from tests.cli import manage
from tests.factories import SourceFactory

TEXT = (
    "The home side won the match 5-0 in March. "
    "Officials said turnout fell from 40 to 20 percent. "
    "The ledger lists 123456789012345678901234567890 grains of rice. "
    "Dozens of wells were dug in 2024."
)


@pytest.mark.django_db
def test_reversed_ranges_and_huge_figures_are_stored_as_sane_bounds():
    source = SourceFactory(text=TEXT)
    candidates = find_candidates(TEXT)

    created = propose_candidates(source, candidates)

    assert created == len(candidates) > 0
    for claim in Claim.objects.filter(source=source):
        if claim.value_low is not None and claim.value_high is not None:
            assert claim.value_low <= claim.value_high
    wells = Claim.objects.get(source=source, quote__contains="wells")
    assert (wells.value_low, wells.value_high) == (24, 99)


def test_extract_claims_prints_valid_json_for_a_huge_figure(committed, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(TEXT, encoding="utf-8")

    result = manage("extract_claims", "--file", str(path))

    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all("Infinity" not in line for line in result.stdout.splitlines())
    huge = [r for r in rows if "grains" in r["quote"]]
    assert all(r["value_low"] is None for r in huge)
