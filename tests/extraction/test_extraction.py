"""Candidates: where they are cut, what they carry, who speaks them."""

from extraction import find_candidates, sentences
from sources.passages import split_passages

INTERVIEW = (
    "Source: © Test Wire |\n"
    "Ana Rell, head of the fictional Port Board, spoke to Test Wire.\n"
    "— How was the year?\n"
    "— Busy. The port handled 12,000 ships and about 3 million containers. "
    "Thanks to the new cranes, waiting times fell by 20%; customs staff doubled.\n"
)


def test_quote_is_exactly_the_text_at_the_offsets():
    candidates = find_candidates(INTERVIEW, split_passages(INTERVIEW))
    assert candidates
    for candidate in candidates:
        assert candidate["quote"] == INTERVIEW[candidate["start"] : candidate["end"]]
        assert candidate["quote"] == candidate["quote"].strip()


def test_figures_of_one_act_make_one_candidate_and_each_keeps_its_bounds():
    candidates = find_candidates(INTERVIEW)
    assert [c["quote"] for c in candidates] == [
        "The port handled 12,000 ships and about 3 million containers",
        "Thanks to the new cranes, waiting times fell by 20%",
        "customs staff doubled",
    ]
    figures = [(f["quantity_text"], f["value_low"], f["value_high"], f["unit"])
               for f in candidates[0]["figures"]]  # fmt: skip
    assert figures == [
        ("12,000", 12_000, 12_000, "ships"),
        ("about 3 million", 2_700_000, 3_300_000, "containers"),
    ]
    assert (candidates[0]["value_low"], candidates[0]["value_high"]) == (12_000, 12_000)


def test_speaker_comes_from_the_passage_and_questions_give_no_candidate():
    candidates = find_candidates(INTERVIEW, split_passages(INTERVIEW))
    assert {c["speaker"] for c in candidates} == {"Ana Rell"}
    assert not any("year" in c["quote"] for c in candidates)


def test_without_passages_the_speaker_is_blank():
    assert {c["speaker"] for c in find_candidates(INTERVIEW)} == {""}


def test_support_names_the_actor_credited_not_a_speaker():
    credited = next(c for c in find_candidates(INTERVIEW) if c["attribution_verb"])
    assert credited["kinds"] == ["quantitative", "attributive"]
    assert credited["attributed_to"] == ""
    assert credited["credited_to"] == "the new cranes"
    assert credited["attribution_verb"] == credited["credit_verb"] == "thanks to"
    assert (credited["value_low"], credited["value_high"], credited["unit"]) == (20, 20, "percent")


def test_reported_speech_names_the_speaker_and_what_was_said():
    text = "The mayor of Tull stated that 40 bridges were unsafe. She said nothing else."
    said = find_candidates(text)[0]
    assert said["attributed_to"] == "The mayor of Tull"
    assert said["attribution_verb"] == "stated"
    assert said["attributed_content"] == "40 bridges were unsafe"
    assert said["kinds"] == ["quantitative", "attributive"]


def test_a_pronoun_speaker_is_resolved_to_the_last_named_one():
    text = "Similar claims were voiced by the head of Varn. He spoke about the 12 closed mines."
    second = find_candidates(text)[1]
    assert second["attributed_to"] == "the head of Varn"


def test_text_without_figures_or_attributions_gives_nothing():
    assert find_candidates("The weather was pleasant. Everyone went home early.") == []


def test_conditionals_assert_nothing():
    assert find_candidates("If they had won, the country would have lost decades.") == []


def test_every_candidate_has_the_full_set_of_fields():
    keys = {
        "start", "end", "quote", "kinds", "speaker", "quantity_text", "qualifier", "value_low",
        "value_high", "unit", "period", "place", "attributed_to", "attribution_verb",
        "attributed_content", "figures", "credited_to", "credit_verb",
    }  # fmt: skip
    for candidate in find_candidates(INTERVIEW):
        assert set(candidate) == keys


def test_sentences_do_not_break_after_abbreviations_or_decimals():
    text = "Ms. Rell said 12.5% rose. Then it fell."
    assert [text[s:e] for s, e in sentences(text)] == ["Ms. Rell said 12.5% rose.", "Then it fell."]
