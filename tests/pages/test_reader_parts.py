"""The reader pages through a long source: one part of the text at a time, with its claims."""

import re
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.views.sources import LIST_LIMIT
from claims.workflow import propose_candidates
from sources.importing import import_text
from sources.parts import PART_CHARS, REACH, part_count, read_part
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def interview(length: int, tag: str = "") -> str:
    """Return an interview of about `length` characters; every paragraph names its number."""
    lines, size, n = [f"Jane Roe, head of the {tag} water board, spoke to the Gazette."], 0, 0
    while size < length:
        question = f"— Question {n}: how many wells were dug in district {n}?"
        answer = (
            f"— Answer {n}: about {n + 10} wells were dug in district {n} in 2024. "
            "The ministry paid for most of them, with the support of the regional council. "
            "Nobody expected the rains to last so long, and the roads were often closed."
        )
        lines += [question, answer]
        size += len(question) + len(answer) + 4
        n += 1
    return "\n\n".join(lines) + "\n"


def long_source(parts: float, tag: str = "long"):
    text = interview(int(parts * PART_CHARS), tag)
    return import_text(text, title=f"{tag} interview", kind="interview").source


def claim_at(source, needle: str, status=Claim.Status.OPEN, **fields) -> Claim:
    start = source.text.index(needle)
    return ClaimFactory(
        source=source, start=start, end=start + len(needle), status=status, **fields
    )


def reader(client, source, query: str = ""):
    response = client.get(f"/sources/{source.pk}/{query}")
    assert response.status_code == 200
    return response, response.content.decode()


def marked(body: str, claim: Claim) -> bool:
    return bool(re.search(rf'data-claim-ids="(?:[\d ]+ )?{claim.pk}(?: [\d ]+)?"', body))


def test_first_page_shows_only_the_first_part_of_the_text_and_its_claims(analyst_client):
    source = long_source(2.6)
    early = claim_at(source, "about 12 wells")
    late_paragraph = source.text.strip().splitlines()[-1]
    late = claim_at(source, late_paragraph[:20])

    response, body = reader(analyst_client, source)

    part = response.context["part"]
    assert (part.number, part.count, part.start) == (1, 3, 0)
    assert PART_CHARS // 2 <= part.end <= PART_CHARS
    last_answer = re.search(r"Answer \d+:", late_paragraph).group()
    assert "Answer 2:" in body and last_answer not in body
    assert marked(body, early) and not marked(body, late)
    assert f'id="rec-{early.pk}"' in body and f'id="rec-{late.pk}"' not in body
    offsets = [int(n) for n in re.findall(r'data-start="(\d+)"', body)]
    assert min(offsets) == 0 and max(offsets) < part.end


def test_at_opens_the_part_holding_that_offset(analyst_client):
    source = long_source(3.4)
    late_paragraph = source.text.strip().splitlines()[-1]
    late = claim_at(source, late_paragraph[:20])

    response, body = reader(analyst_client, source, f"?at={late.start}")
    part = response.context["part"]
    assert (part.number, part.count) == (4, 4)
    assert part.start <= late.start < part.end
    district = re.search(r"district \d+ in 2024", late_paragraph).group()
    assert marked(body, late) and district in body

    second = reader(analyst_client, source, "?page=2")[0].context["part"]
    for at, number in [(second.start - 1, 1), (second.start, 2), (second.end - 1, 2)]:
        assert reader(analyst_client, source, f"?at={at}")[0].context["part"].number == number
    # The text at the boundary is on the page, at its offset.
    body = reader(analyst_client, source, f"?at={second.start}")[1]
    assert f'data-start="{second.start}"' in body


def test_a_claim_across_the_boundary_of_two_parts_shows_on_both(analyst_client):
    source = long_source(2.2)
    boundary = reader(analyst_client, source, "?page=2")[0].context["part"].start
    across = ClaimFactory(
        source=source,
        start=boundary - 30,
        end=boundary + 30,
        quote=source.text[boundary - 30 : boundary + 30],
    )
    for page in (1, 2):
        body = reader(analyst_client, source, f"?page={page}")[1]
        assert marked(body, across), f"not marked on part {page}"
        assert f'id="rec-{across.pk}"' in body
    body = reader(analyst_client, source, "?page=2")[1]
    assert (
        f'data-claim-id="{across.pk}" data-claim-ids="{across.pk}" data-start="{boundary}"' in body
    )


def test_parts_link_to_the_previous_and_next_and_jump_to_an_offset(analyst_client):
    source = long_source(2.5)
    first = reader(analyst_client, source)[1]
    middle = reader(analyst_client, source, "?page=2")[1]
    last = reader(analyst_client, source, "?page=3")[1]

    assert 'href="?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="?page=1" rel="prev"' in middle and 'href="?page=3" rel="next"' in middle
    assert 'href="?page=2" rel="prev"' in last and 'rel="next"' not in last
    assert "Part 2 of 3" in middle
    assert '<input type="number" id="part-at" name="at"' in middle

    short = SourceFactory()
    body = reader(analyst_client, short)[1]
    assert "part-nav" not in body and "Part 1 of" not in body


@pytest.mark.parametrize("query", ["?page=abc", "?page=-2", "?at=x", "?at=-5", "?page=0"])
def test_nonsense_part_numbers_and_offsets_open_the_first_part(analyst_client, query):
    source = long_source(2.2)
    assert reader(analyst_client, source, query)[0].context["part"].number == 1


@pytest.mark.parametrize("query", ["?page=999", "?at=99999999"])
def test_part_numbers_and_offsets_past_the_end_open_the_last_part(analyst_client, query):
    source = long_source(2.2)
    assert reader(analyst_client, source, query)[0].context["part"].number == 3


def test_candidate_list_shows_the_part_with_the_count_of_all_and_the_next_part_with_some(
    analyst_client,
):
    source = long_source(2.6)
    text = source.text
    spans = ["about 10 wells", "about 11 wells"]
    last_part_start = reader(analyst_client, source, "?page=3")[0].context["part"].start
    later = [
        m.start() for m in re.finditer(r"about \d+ wells", text) if m.start() > last_part_start
    ]
    candidates = [
        {"start": text.index(s), "end": text.index(s) + len(s), "kinds": ["quantitative"]}
        for s in spans
    ]
    candidates += [{"start": s, "end": s + 14, "kinds": ["quantitative"]} for s in later[:3]]
    assert propose_candidates(source, candidates) == 5
    first_later = Claim.objects.get(source=source, start=later[0])

    response, body = reader(analyst_client, source)
    assert [row["claim"].quote for row in response.context["candidates"]] == spans
    assert "5 candidates in the whole source" in body
    next_url = (
        f"/sources/{source.pk}/?at={later[0]}&amp;focus={first_later.pk}#cand-{first_later.pk}"
    )
    assert f'href="{next_url}" id="next-candidates"' in body
    # Triage of the part's last candidate goes on in the next part that has some.
    last_row = response.context["candidates"][-1]
    assert last_row["next"] == next_url.replace("&amp;", "&")

    response, body = reader(analyst_client, source, "?page=2")
    assert response.context["candidates"] == [] and "No candidates waiting in this part" in body
    assert 'id="next-candidates"' in body

    response, body = reader(analyst_client, source, f"?at={later[0]}&focus={first_later.pk}")
    assert response.context["part"].number == 3
    assert len(response.context["candidates"]) == 3
    assert 'id="next-candidates"' not in body


def test_accepting_a_candidate_reopens_the_part_of_the_next_one(analyst_client):
    source = long_source(2.6)
    text = source.text
    last_start = reader(analyst_client, source, "?page=3")[0].context["part"].start
    later = [m.start() for m in re.finditer(r"about \d+ wells", text) if m.start() > last_start]
    spans = [text.index("about 10 wells"), *later[:2]]
    propose_candidates(
        source, [{"start": s, "end": s + 14, "kinds": ["quantitative"]} for s in spans]
    )
    first, second, _ = Claim.objects.filter(source=source).order_by("start")
    row = reader(analyst_client, source)[0].context["candidates"][0]
    response = analyst_client.post(
        f"/claims/{first.pk}/transition/",
        {"action": "accept", "version": first.version, "next": row["next"]},
    )
    assert response.status_code == 302
    assert response["Location"] == row["next"]
    assert f"focus={second.pk}" in response["Location"]
    reopened, body = reader(
        analyst_client, source, response["Location"].split("/")[-1].split("#")[0]
    )
    assert reopened.context["part"].number == 3
    assert f'id="cand-{second.pk}"' in body
    first.refresh_from_db()
    assert first.status == Claim.Status.OPEN


def test_focus_alone_opens_the_part_holding_that_claim(analyst_client):
    source = long_source(2.2)
    late_paragraph = source.text.strip().splitlines()[-1]
    late = claim_at(source, late_paragraph[:20])
    assert reader(analyst_client, source, f"?focus={late.pk}")[0].context["part"].number == 3


def test_the_claim_page_links_to_the_part_holding_the_claim(analyst_client):
    source = long_source(2.2)
    late_paragraph = source.text.strip().splitlines()[-1]
    late = claim_at(source, late_paragraph[:20])
    body = analyst_client.get(f"/claims/{late.pk}/").content.decode()
    link = f"/sources/{source.pk}/?at={late.start}&amp;focus={late.pk}"
    assert f'href="{link}"' in body
    response, body = reader(analyst_client, source, f"?at={late.start}&focus={late.pk}")
    assert response.context["part"].number == 3 and f'id="rec-{late.pk}"' in body


def test_the_reader_runs_the_same_queries_for_a_small_and_a_large_source(analyst_client):
    counts = []
    for parts, claims in [(2.2, 3), (8.5, 300)]:
        source = long_source(parts, tag=f"{parts}")
        starts = [m.start() for m in re.finditer(r"about \d+ wells", source.text)][:claims]
        propose_candidates(
            source, [{"start": s, "end": s + 14, "kinds": ["quantitative"]} for s in starts]
        )
        Claim.objects.filter(source=source, start__in=starts[::3]).update(status="open")
        for query in ["", f"?at={len(source.text) // 2}", "?page=2"]:
            with CaptureQueriesContext(connection) as queries:
                reader(analyst_client, source, query)
            counts.append((parts, query[:4], len(queries)))
    small = [n for parts, _, n in counts if parts == 2.2]
    large = [n for parts, _, n in counts if parts == 8.5]
    assert small == large, counts


def test_a_large_text_is_read_in_pages_under_1_mb_however_dense_its_candidates(analyst_client):
    text = interview(2_000_000, tag="two megabytes")
    source = import_text(text, title="2 MB", kind="interview").source
    middle, end = len(text) // 2, len(text)
    dense = [
        (0, 2 * PART_CHARS),
        (middle - PART_CHARS, middle + PART_CHARS),
        (end - PART_CHARS, end),
    ]
    # A candidate every few words where the pages are read, a few elsewhere.
    starts = [
        m.start()
        for m in re.finditer(r"about \d+ wells|2024|ministry|regional council|rains|roads", text)
        if any(low <= m.start() < high for low, high in dense) or m.start() % 50 == 0
    ]
    propose_candidates(
        source, [{"start": s, "end": s + 5, "kinds": ["quantitative"]} for s in starts]
    )
    assert len(text.encode()) > 2_000_000 and len(starts) > 1000
    for query in ["", f"?at={middle}", f"?page={part_count(end)}"]:
        response, body = reader(analyst_client, source, query)
        assert len(response.content) < 1_000_000, (query, len(response.content))
        assert response.context["n_part_candidates"] > LIST_LIMIT
        assert body.count('class="cand"') == LIST_LIMIT
        assert "Listing 100 of them" in body


def test_a_passage_longer_than_a_part_is_cut_where_sentences_end(analyst_client):
    sentences = [f"Sentence {n} says that {n} wells were dug." for n in range(2500)]
    text = "— " + " ".join(sentences) + "\n"
    source = import_text(text, title="one long answer", kind="interview").source
    assert source.passages.count() == 1 and len(text) > 2.5 * PART_CHARS

    parts = [read_part(source, number=n) for n in range(1, part_count(len(text)) + 1)]
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for before, after in pairwise(parts):
        assert before.end == after.start
        assert text[after.start - 2 : after.start] == ". "  # a new sentence begins the part
    for part in parts:
        assert PART_CHARS // 2 <= part.end - part.start <= PART_CHARS + REACH or part is parts[-1]
    body = reader(analyst_client, source, "?page=2")[1]
    assert "(continued)" in body


def test_a_source_without_passages_reads_in_windows_cut_at_paragraphs():
    text = "\n".join(f"Line {n} of a report: {n} wells were dug in 2024." for n in range(4000))
    source = SourceFactory(text=text)
    assert source.passages.count() == 0
    count = part_count(len(text))
    parts = [read_part(source, number=n) for n in range(1, count + 1)]
    assert count > 2 and parts[-1].end == len(text)
    for before, after in pairwise(parts):
        assert before.end == after.start and text[after.start - 1] == "\n"
    assert all(piece.passage is None for part in parts for piece in part.pieces)
    # Every offset is in exactly the part that ?at= opens for it.
    for at in [0, 1, parts[1].start - 1, parts[1].start, len(text) // 2, len(text) - 1]:
        part = read_part(source, at=at)
        assert part.start <= at < part.end


def test_an_empty_source_reads_as_one_empty_part(analyst_client):
    source = SourceFactory(text="")
    response, body = reader(analyst_client, source)
    assert (response.context["part"].count, response.context["part"].end) == (1, 0)
    assert "This source holds no text." in body
