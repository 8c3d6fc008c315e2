"""Who is said to have said something: speech without a speech verb, roles, appositions, credit."""

import pytest

from extraction import find_candidates


def only(text: str) -> dict:
    candidates = find_candidates(text)
    assert len(candidates) == 1, [c["quote"] for c in candidates]
    return candidates[0]


@pytest.mark.parametrize(
    "text, speaker, verb",
    [
        ("The Northern Front took credit for the raid on the fuel depot.", "The Northern Front",
         "took credit for"),
        ("A splinter faction claimed responsibility for the bombing of the bridge.",
         "A splinter faction", "claimed responsibility for"),
        ("The governor of Kidal asked for help from the private contractors.",
         "The governor of Kidal", "asked for help from"),
        ("The mayor appealed to the army for protection of the market.", "The mayor",
         "appealed to"),
        ("Local chiefs called on the garrison to leave the town.", "Local chiefs", "called on"),
        ("The defence lawyer called the evidence fabricated.", "The defence lawyer",
         "called the"),
    ],
)  # fmt: skip
def test_acts_of_speech_without_a_speech_verb_name_the_speaker(text, speaker, verb):
    candidate = only(text)
    assert candidate["kinds"] == ["attributive"]
    assert (candidate["attributed_to"], candidate["attribution_verb"]) == (speaker, verb)
    assert candidate["quote"] == text.rstrip(".")


def test_it_further_noted_is_the_speaker_named_before():
    text = (
        "The regional council accused the militia of burning two villages. "
        "It further noted that the roads to the mines were closed."
    )
    second = find_candidates(text)[1]
    assert second["attributed_to"] == "The regional council"
    assert second["attribution_verb"] == "noted"
    assert second["attributed_content"] == "the roads to the mines were closed"


def test_as_the_spokesman_put_it_names_the_spokesman():
    text = 'The casualty lists were "pure invention," as the army spokesman put it.'
    candidate = only(text)
    assert candidate["attributed_to"] == "the army spokesman"
    assert candidate["attributed_content"] == 'The casualty lists were "pure invention'


@pytest.mark.parametrize(
    "text, owner, verb, content",
    [
        (
            "The assembly's decision to expel the foreign trainers surprised donors.",
            "The assembly",
            "decision",
            "to expel the foreign trainers",
        ),
        (
            "The council's move to ban night markets angered 300 traders.",
            "The council",
            "move",
            "to ban night markets",
        ),
    ],
)
def test_a_nominal_act_names_its_owner(text, owner, verb, content):
    candidate = only(text)
    assert (candidate["attributed_to"], candidate["attribution_verb"]) == (owner, verb)
    assert candidate["attributed_content"].startswith(content)


def test_speech_set_off_by_commas_inside_the_sentence_names_the_speaker():
    text = "Unexploded shells near the airport, the health ministry said, have maimed 31 children."
    candidate = only(text)
    assert candidate["attributed_to"] == "the health ministry"
    bounds = (candidate["value_low"], candidate["value_high"], candidate["unit"])
    assert bounds == (31, 31, "children")


def test_the_subject_before_an_apposition_is_the_speaker_and_stays_in_the_span():
    text = "The Gourma alliance, a bloc of seven armed groups, announced it would leave the talks."
    candidate = only(text)
    assert candidate["quote"] == text.rstrip(".")  # the subject is not cut off
    assert candidate["attributed_to"] == "The Gourma alliance"
    assert candidate["kinds"] == ["quantitative", "attributive"]
    assert (candidate["value_low"], candidate["value_high"]) == (7, 7)


def test_a_name_in_apposition_stays_with_its_role():
    text = "A police spokesman, Musa Keita, denied that any prisoner had escaped."
    assert only(text)["attributed_to"] == "A police spokesman, Musa Keita"


@pytest.mark.parametrize(
    "text, who, role",
    [
        ("The head of the observer mission is Ingrid Solberg.", "Ingrid Solberg",
         "head of the observer mission"),
        ("The new commander of the northern zone is Colonel Aboubacar Diallo.",
         "Colonel Aboubacar Diallo", "new commander of the northern zone"),
        ("Ruth Adeyemi is the chief prosecutor of the tribunal.", "Ruth Adeyemi",
         "chief prosecutor of the tribunal"),
    ],
)  # fmt: skip
def test_a_role_introduction_attributes_the_role_to_the_person(text, who, role):
    candidate = only(text)
    assert candidate["kinds"] == ["attributive"]
    assert (candidate["attributed_to"], candidate["attributed_content"]) == (who, role)


@pytest.mark.parametrize(
    "text, actor, verb",
    [
        ("With the support of the Blue Cross, the clinic in Ansongo reopened.", "the Blue Cross",
         "with the support of"),
        ("Thanks to the new radar, the base stopped every night raid.", "the new radar",
         "thanks to"),
        ("Pressure from farmers and anger among several mayors led to the closure of the camp.",
         "Pressure from farmers and anger among several mayors", "led to"),
        ("The convoy, escorted by the gendarmerie, reached the border.", "the gendarmerie",
         "escorted by"),
    ],
)  # fmt: skip
def test_support_and_cause_credit_an_actor_but_nobody_speaks(text, actor, verb):
    candidates = [c for c in find_candidates(text) if c["credited_to"]]
    assert len(candidates) == 1
    candidate = candidates[0]
    assert candidate["attributed_to"] == ""  # never a fragment taken for a speaker
    assert (candidate["credited_to"], candidate["credit_verb"]) == (actor, verb)


def test_speech_and_credit_in_one_clause_keep_each_actor():
    text = "The minister said that thanks to the new bridge, 40 villages were reached."
    candidate = only(text)
    assert candidate["attributed_to"] == "The minister"
    assert candidate["credited_to"] == "the new bridge"


def test_we_in_an_answer_is_the_passage_speaker():
    from sources.passages import split_passages

    text = (
        "Lina Oduya, head of the fictional relief office, spoke to the wire.\n"
        "Q: Were the camps attacked?\n"
        "A: We denied those reports at once.\n"
    )
    candidates = find_candidates(text, split_passages(text))
    assert [c["attributed_to"] for c in candidates] == ["Lina Oduya"]


def test_a_place_is_not_followed_by_an_organisation_name():
    text = (
        "There are ever more reports of the presence in the Sahel of the Special Operations Unit."
    )
    assert only(text)["place"] == "the Sahel"


def test_a_credit_clause_keeps_its_words_whole():
    text = "Hundreds of guards who have been trained by our mentors have also graduated this year."
    candidate = only(text)
    assert candidate["quote"] == text.rstrip(".")
    assert candidate["credited_to"] == "our mentors"
    assert "have been have" not in " ".join(str(v) for v in candidate.values())


@pytest.mark.parametrize(
    "text, speaker, verb",
    [
        ("A review by the auditor general found the payroll inflated.",
         "A review by the auditor general", "found"),
        ("The commission documented 41 abductions on the northern road.", "The commission",
         "documented"),
        ("The inquiry established a pattern of forced recruitment.", "The inquiry", "established"),
        ("The mining company thanked the gendarmes for guarding the convoy.",
         "The mining company", "thanked"),
    ],
)  # fmt: skip
def test_findings_of_an_inquiry_and_thanks_are_attributed(text, speaker, verb):
    candidate = only(text)
    assert "attributive" in candidate["kinds"]
    assert (candidate["attributed_to"], candidate["attribution_verb"]) == (speaker, verb)


def test_a_finding_of_anyone_but_an_inquiry_is_no_attribution():
    assert find_candidates("Soldiers found the weapons cache behind the school.") == []
    (counted,) = find_candidates("The patrol found 12 rifles in the truck.")
    assert counted["kinds"] == ["quantitative"] and counted["attributed_to"] == ""


def test_words_called_in_quotation_marks_name_the_speaker_of_a_relative_clause():
    text = 'The ministry published the list, which an opposition deputy called "a fiction".'
    (second,) = find_candidates(text)
    assert second["quote"] == 'which an opposition deputy called "a fiction"'
    assert (second["attributed_to"], second["attribution_verb"]) == (
        "an opposition deputy",
        "called",
    )


def test_he_is_the_last_person_and_it_the_last_body_named():
    text = (
        "The transport ministry reported 12 closed roads. "
        "The deputy minister, Awa Sarr, denied that the army had closed them. "
        "It added that the bridges were open. He said the convoys would resume."
    )
    candidates = find_candidates(text)
    assert [c["attributed_to"] for c in candidates[2:]] == [
        "The transport ministry",
        "The deputy minister, Awa Sarr",
    ]


def test_they_plural_subject_is_not_it():
    text = (
        "The prefect said the market would reopen. Local traders reported 30 stalls burnt. "
        "It also confirmed the curfew."
    )
    assert find_candidates(text)[-1]["attributed_to"] == "The prefect"


def test_each_that_of_one_speech_is_a_claim_of_the_same_speaker():
    text = (
        "The harbour master told reporters in Beira that 40 ships had docked "
        "and that only three of them carried fuel."
    )
    first, second = find_candidates(text)
    assert second["quote"] == "that only three of them carried fuel"
    assert first["attributed_to"] == second["attributed_to"] == "The harbour master"
    assert second["attributed_content"] == "only three of them carried fuel"


def test_a_participle_after_speech_goes_on_in_the_same_voice():
    text = "The agency said 12 lorries had left Adré, carrying seed for about 3,000 farmers."
    _, second = find_candidates(text)
    assert second["quote"] == "carrying seed for about 3,000 farmers"
    assert second["attributed_to"] == "The agency"


@pytest.mark.parametrize(
    "text, speaker, verb",
    [
        ("The colonel told his recruits to hide the ammunition.", "The colonel", "told"),
        ("The ministry informs the public that the curfew is lifted.", "The ministry",
         "informs"),
    ],
)  # fmt: skip
def test_instructions_and_notices_are_speech(text, speaker, verb):
    candidate = only(text)
    assert (candidate["attributed_to"], candidate["attribution_verb"]) == (speaker, verb)


def test_he_said_after_a_quotation_is_the_person_named_before():
    text = 'The district chief, Amadou Sy, said 15 granaries burnt. "Nobody came to help," he said.'
    assert find_candidates(text)[1]["attributed_to"] == "The district chief, Amadou Sy"


def test_the_speaker_named_is_preferred_to_reports_in_an_opener():
    candidate = only("Asked about reports that a bridge had fallen, the governor said it stood.")
    assert candidate["attributed_to"] == "the governor"


def test_a_participle_with_by_and_a_bare_plural_credits_them():
    candidate = only("The militia is paid by cattle traders.")
    assert (candidate["credited_to"], candidate["credit_verb"]) == ("cattle traders", "paid by")
