"""Checked before? The similar function: what it finds, in what order, how sure, and why."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimLink
from claims.similar import precedent, similar_claims, similar_to_text
from claims.similar.features import features
from claims.similar.scoring import STRONG, compare
from tests.similar.conftest import CONFLICT, EARLIER, PARAPHRASE, UNRELATED, make_claim

pytestmark = pytest.mark.django_db


def test_a_paraphrase_finds_the_earlier_claim_first_with_its_reasons(earlier, later, analyst):
    make_claim(UNRELATED, status=Claim.Status.APPROVED, rating="true")
    found = similar_claims(later, user=analyst)
    assert [m.id for m in found][:1] == [earlier.pk]
    match = found[0]
    assert match.strength == "strong" and 0 < match.score <= 1
    assert match.source == {"id": earlier.source_id, "title": earlier.source.title}
    assert (match.status, match.rating, match.quote) == ("approved", "false", EARLIER)
    assert "same place: Bambari" in match.reasons
    assert "same period: 2024" in match.reasons
    assert "same tags: CAR" in match.reasons
    shared = next(r for r in match.reasons if r.startswith("shared words: "))
    assert {"bambari", "militants", "surrendered"} <= set(
        shared.removeprefix("shared words: ").split(", ")
    )
    assert UNRELATED not in [m.quote for m in found]


def test_the_same_figure_is_a_reason(analyst):
    first = make_claim(EARLIER, status=Claim.Status.APPROVED, rating="false")
    again = make_claim("Nearly 1,000 militants surrendered voluntarily in Bambari during 2024.")
    match = similar_claims(again, user=analyst)[0]
    assert match.id == first.pk
    assert "same figure 900–999 militants" in match.reasons


def test_never_the_claim_itself_a_later_claim_or_a_claim_over_the_same_words(earlier, analyst):
    text = f"{EARLIER} {EARLIER}"
    same_source = make_claim(text, end=len(EARLIER))
    overlapping = make_claim(text, source=same_source.source, start=10, end=len(EARLIER) + 5)
    again = make_claim(text, source=same_source.source, start=len(EARLIER) + 1)
    later = make_claim(PARAPHRASE)

    found = [m.id for m in similar_claims(overlapping, user=analyst, limit=20)]
    assert overlapping.pk not in found and same_source.pk not in found
    assert later.pk not in found and again.pk not in found  # later ones are not "before"
    assert earlier.pk in found
    # The same words again elsewhere in the same source count: another place it was said.
    assert same_source.pk in [m.id for m in similar_claims(again, user=analyst, limit=20)]


def test_candidates_and_dismissed_claims_are_not_suggested(analyst):
    candidate = make_claim(EARLIER, status=Claim.Status.CANDIDATE)
    dismissed = make_claim(EARLIER + " ", status=Claim.Status.DISMISSED)
    in_research = make_claim(EARLIER + "  ", status=Claim.Status.IN_RESEARCH)
    probe = make_claim(PARAPHRASE, status=Claim.Status.CANDIDATE)
    found = [m.id for m in similar_claims(probe, user=analyst)]
    assert found == [in_research.pk]
    assert candidate.pk not in found and dismissed.pk not in found


def test_best_first_and_a_verdict_before_an_open_claim_scored_alike(analyst):
    approved = make_claim(EARLIER, status=Claim.Status.APPROVED, rating="mostly_true")
    open_twin = make_claim(EARLIER + " ", status=Claim.Status.OPEN)
    weaker = make_claim(
        "Militants surrendered in Bambari, officials said, without giving a figure.",
        status=Claim.Status.APPROVED,
        rating="true",
    )
    probe = make_claim(PARAPHRASE)
    found = similar_claims(probe, user=analyst)
    ids = [m.id for m in found]
    assert ids[:2] == [approved.pk, open_twin.pk]
    assert found[0].score == found[1].score  # the same words: the verdict goes first
    if weaker.pk in ids:
        assert ids.index(weaker.pk) > 1 and found[ids.index(weaker.pk)].score < found[1].score


def test_a_figure_conflict_caps_the_strength_at_possible_and_says_why(analyst):
    earlier = make_claim(EARLIER, status=Claim.Status.APPROVED, rating="false")
    conflict = make_claim(CONFLICT)
    match = next(m for m in similar_claims(conflict, user=analyst) if m.id == earlier.pk)
    assert match.strength == "possible"
    assert "other figure: 900–999 militants (this one: 360–440 militants)" in match.reasons
    # Without the conflict the same words are a strong match.
    same = make_claim(CONFLICT.replace("About 400", "Almost a thousand") + " ")
    assert similar_claims(same, user=analyst)[0].strength == "strong"


def test_a_short_text_is_never_a_strong_match():
    long = features(EARLIER, unit="militants", value_low=900, value_high=999, place="Bambari")
    short = features("Militants surrendered in Bambari.", place="Bambari")
    verdict = compare(short, long)
    assert verdict.shown and verdict.strength == "possible"
    assert "short text" in verdict.conflicts
    assert compare(features(PARAPHRASE), long).strength == "strong"


def test_other_period_or_place_caps_the_strength():
    base = features(EARLIER)
    for text, reason in [
        ("Almost a thousand militants voluntarily surrendered in Bambari in 2019.", "period: 2024"),
        ("Almost a thousand militants voluntarily surrendered in Birao in 2024.", "place: Bambari"),
    ]:
        verdict = compare(features(text), base)
        assert verdict.score < 1 and verdict.strength == "possible", text
        assert f"other {reason}" in verdict.conflicts, verdict.conflicts
    assert compare(features(EARLIER + " "), base).score >= STRONG


def test_text_not_recorded_yet_is_matched_and_its_span_left_out(earlier, analyst):
    found = similar_to_text(PARAPHRASE, user=analyst)
    assert [m.id for m in found][:1] == [earlier.pk]
    spanned = similar_to_text(
        EARLIER, user=analyst, source=earlier.source, start=0, end=len(EARLIER)
    )
    assert earlier.pk not in [m.id for m in spanned]
    assert similar_to_text("   ", user=analyst) == []


def test_outsiders_get_nothing(earlier, later, outsider):
    assert similar_claims(later, user=outsider) == []
    assert similar_to_text(PARAPHRASE, user=outsider) == []


def test_links_are_marked_and_precedent_counts_ratings(earlier, analyst):
    other = make_claim(EARLIER + " ", status=Claim.Status.APPROVED, rating="false")
    third = make_claim(EARLIER + "  ", status=Claim.Status.APPROVED, rating="misleading")
    later = make_claim(PARAPHRASE)
    ClaimLink.objects.create(claim=later, earlier=earlier)
    found = similar_claims(later, user=analyst)
    assert {m.id: m.linked for m in found}[earlier.pk] is True
    assert not {m.id: m.linked for m in found}[other.pk]
    assert third.pk in [m.id for m in found]
    assert precedent(found) == [("False", 2), ("Misleading", 1)]
    approved = similar_claims(later, user=analyst, approved_only=True)
    assert {m.status for m in approved} == {"approved"}


def test_the_lookup_runs_one_query_however_many_claims_match(earlier, analyst):
    similar_to_text(PARAPHRASE, user=analyst)  # reads the member's permissions, once
    counts, made = [], 0
    for extra in (2, 30):
        for _ in range(extra):
            made += 1
            make_claim(f"{EARLIER} ({made})", status=Claim.Status.APPROVED, rating="true")
        with CaptureQueriesContext(connection) as queries:
            found = similar_to_text(PARAPHRASE, user=analyst, limit=20)
        assert found
        counts.append(len(queries))
    assert counts == [1, 1]


def test_unusual_text_never_breaks_the_lookup(analyst):
    make_claim(EARLIER, status=Claim.Status.APPROVED, rating="false")
    for text in [
        "'",
        "a & b | !c",
        "«»—",
        "1,000,000,000,000,000 things",
        "d'Ivoire's",
        "x" * 4000,
    ]:
        assert isinstance(similar_to_text(text, user=analyst), list)
