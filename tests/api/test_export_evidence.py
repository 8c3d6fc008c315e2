"""What CSV and JSON Lines carry of each claim's evidence; links in exports and the feed."""

import csv
import io
import json
from decimal import Decimal

import pytest

from claims.exports.tasks import run_export
from claims.exports.writers import HEADER, export_queryset, write_export
from claims.workflow import add_evidence, apply_action, record_claim
from sources.importing import import_text
from tests.factories import ClaimFactory, SourceFactory

QUOTE = "almost a thousand militants voluntarily surrendered in 2024"


def _lines(fmt: str, filters: dict | None = None) -> str:
    out = io.BytesIO()
    write_export(fmt, export_queryset(fmt, filters or {}), out)
    return out.getvalue().decode()


@pytest.fixture
def surrender(db, analyst, interview_text):
    """The interview's 'almost a thousand militants' claim (900-999), in research."""
    source = import_text(interview_text, title="SOMB interview", outlet="TASS").source
    start = interview_text.index(QUOTE)
    claim = record_claim(
        source,
        actor=analyst,
        start=start,
        end=start + len(QUOTE),
        kinds=["quantitative"],
        quantity_text="almost a thousand",
        value_low=Decimal("900"),
        value_high=Decimal("999"),
        unit="militants",
        period="2024",
    )
    return apply_action(claim.pk, "start", actor=analyst, version=claim.version)


def test_evidence_about_400_reads_above_with_a_ratio_near_2_4_in_json_lines(surrender, analyst):
    report = SourceFactory(title="UN panel report", url="https://un.example/panel")
    add_evidence(
        surrender.pk,
        actor=analyst,
        source=report,
        stance="contradicts",
        excerpt="About 400 fighters handed in their weapons.",
        source_figure="about 400",
        credibility=2,
    )

    [line] = _lines("jsonl").splitlines()
    claim = json.loads(line)
    assert (claim["value_low"], claim["value_high"], claim["unit"]) == (900, 999, "militants")
    assert '"value_low":900,"value_high":999,' in line  # as written, not 900.0000
    [evidence] = claim["evidence"]
    assert evidence["figure_relation"] == "above"
    assert evidence["figure_ratio"] == pytest.approx(2.4, abs=0.05)
    assert evidence["figure_ratio"] == 2.37  # 949.5 over 400, as the API says
    assert (evidence["figure_low"], evidence["figure_high"]) == (360, 440)
    assert '"figure_low":360,"figure_high":440,' in line
    assert evidence["source_figure"] == "about 400" and evidence["stance"] == "contradicts"
    assert (evidence["source"], evidence["source_title"], evidence["source_url"]) == (
        report.pk,
        "UN panel report",
        "https://un.example/panel",
    )
    assert evidence["excerpt"] == "About 400 fighters handed in their weapons."
    assert (claim["evidence_supports"], claim["evidence_contradicts"]) == (0, 1)


@pytest.mark.parametrize(
    ("figure", "relation", "ratio"),
    [
        ("950", "within", 1),  # 949.5 / 950 = 0.9995 -> 1.00, printed as written: 1
        ("between 800 and 1,200", "overlaps", 0.95),
        ("3,000", "below", 0.32),
        ("40 percent", "not_comparable", None),
        ("", "not_comparable", None),
    ],
)
def test_json_lines_compare_each_figure_as_the_api_does(
    surrender, analyst, analyst_client, figure, relation, ratio
):
    evidence = add_evidence(
        surrender.pk, actor=analyst, source=SourceFactory(), stance="context", source_figure=figure
    )

    [exported] = json.loads(_lines("jsonl"))["evidence"]
    api = analyst_client.get(f"/api/v1/evidence/{evidence.pk}/").json()

    assert (exported["figure_relation"], exported["figure_ratio"]) == (relation, ratio)
    assert (api["figure_relation"], api["figure_ratio"]) == (relation, ratio)


def test_csv_and_json_lines_count_evidence_by_stance(db, analyst):
    counted = ClaimFactory(status="in_research")
    bare = ClaimFactory(status="open")
    for stance in ["supports", "supports", "contradicts", "context", "context", "context"]:
        add_evidence(counted.pk, actor=analyst, source=SourceFactory(), stance=stance)

    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(_lines("csv")))}
    assert HEADER[-3:] == ["evidence_supports", "evidence_contradicts", "evidence_context"]
    assert [rows[counted.pk][f"evidence_{s}"] for s in ("supports", "contradicts", "context")] == [
        "2",
        "1",
        "3",
    ]
    assert [rows[bare.pk][f"evidence_{s}"] for s in ("supports", "contradicts", "context")] == [
        "0",
        "0",
        "0",
    ]
    claims = {c["id"]: c for c in map(json.loads, _lines("jsonl").splitlines())}
    assert [claims[counted.pk][f"evidence_{s}"] for s in ("supports", "contradicts")] == [2, 1]
    assert [e["stance"] for e in claims[counted.pk]["evidence"]] == [
        "context",
        "context",
        "context",
        "contradicts",
        "supports",
        "supports",
    ]
    assert claims[bare.pk]["evidence"] == [] and claims[bare.pk]["evidence_context"] == 0


def test_csv_prints_bounds_as_written(db):
    ClaimFactory(value_low=Decimal("2.5"), value_high=Decimal("1000"))

    [row] = csv.DictReader(io.StringIO(_lines("csv")))

    assert (row["value_low"], row["value_high"]) == ("2.5", "1000")


def test_claimreview_links_use_site_url_when_set(settings, approved_claim, anon_client):
    settings.SITE_URL = "https://desk.example.org"

    body = anon_client.get(f"/api/v1/claimreview/{approved_claim.pk}/").json()
    exported = json.loads(_lines("claimreview"))[0]

    expected = f"https://desk.example.org/checks/{approved_claim.pk}/"
    assert body["url"] == exported["url"] == expected


def test_claimreview_links_use_the_asking_host_without_site_url(
    settings, approved_claim, anon_client, analyst_client
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["desk.internal", "testserver"]

    body = anon_client.get(
        f"/api/v1/claimreview/{approved_claim.pk}/", HTTP_HOST="desk.internal:8123"
    ).json()
    listed = anon_client.get("/api/v1/claimreview/", HTTP_HOST="desk.internal:8123").json()
    other_host = anon_client.get("/api/v1/claimreview/").json()
    job = analyst_client.post(
        "/api/v1/exports/",
        {"format": "claimreview"},
        format="json",
        HTTP_HOST="desk.internal:8123",
    ).json()
    run_export(job["id"])  # what the worker does once the job is committed
    download = analyst_client.get(
        f"/api/v1/exports/{job['id']}/download/", HTTP_HOST="desk.internal:8123"
    )
    exported = json.loads(b"".join(download.streaming_content))[0]

    expected = f"http://desk.internal:8123/checks/{approved_claim.pk}/"
    assert body["url"] == listed["results"][0]["url"] == exported["url"] == expected
    # The feed's cache keeps one page per host: another host gets its own links.
    assert other_host["results"][0]["url"].startswith("http://testserver/")
    # With no request at all (the command line), the fallback address.
    assert json.loads(_lines("claimreview"))[0]["url"].startswith("http://127.0.0.1:8000/")
