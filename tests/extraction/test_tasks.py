"""Storing candidates: the Celery task on a real worker, import_source --extract, the demo."""

from claims.candidates import extract_candidates, store_candidates
from claims.demo import load_demo
from claims.models import Claim, ClaimEvent
from claims.workflow import apply_action, record_claim
from sources.importing import import_text
from sources.models import Source
from tests.cli import manage
from tests.extraction.conftest import DEMO_PATH, GRANARY_PATH


def _claims_state() -> list[tuple]:
    return list(Claim.objects.order_by("start").values_list("start", "end", "status", "version"))


def test_task_stores_candidates_once_and_leaves_triaged_claims_alone(live_worker, analyst):
    source = import_text(GRANARY_PATH.read_text(encoding="utf-8"), title="Granary").source

    first = extract_candidates.delay(source.pk).get(timeout=30)

    assert first["created"] == first["found"] >= 15
    claims = list(Claim.objects.filter(source=source).order_by("start"))
    assert len(claims) == first["found"]
    assert {(c.status, c.origin) for c in claims} == {("candidate", "extractor")}
    assert all(c.quote == source.text[c.start : c.end] for c in claims)
    assert ClaimEvent.objects.filter(action="propose").count() == len(claims)
    kitchens = next(c for c in claims if c.quantity_text == "Dozens")
    assert (kitchens.value_low, kitchens.value_high, kitchens.unit) == (
        24,
        99,
        "volunteer kitchens",
    )

    apply_action(claims[0].pk, "accept", actor=analyst, version=claims[0].version)
    apply_action(claims[1].pk, "dismiss", actor=analyst, version=claims[1].version,
                 comment="Scene-setting, not a claim.")  # fmt: skip
    before, events = _claims_state(), ClaimEvent.objects.count()

    second = extract_candidates.delay(source.pk).get(timeout=30)

    assert second == {**first, "created": 0}
    assert _claims_state() == before
    assert ClaimEvent.objects.count() == events
    assert Claim.objects.get(pk=claims[0].pk).status == "open"
    assert Claim.objects.get(pk=claims[1].pk).status == "dismissed"


def test_task_for_an_unknown_source_stores_nothing(live_worker):
    result = extract_candidates.delay(424242).get(timeout=30)

    assert result["created"] == 0 and result["error"] == "no such source"
    assert not Claim.objects.exists()


def test_store_candidates_reports_progress(db):
    source = import_text(DEMO_PATH.read_text(encoding="utf-8"), title="Demo").source
    seen = []

    result = store_candidates(source.pk, progress=lambda *step: seen.append(step))

    assert seen and seen[-1] == (result["found"], result["found"], result["created"])
    assert Claim.objects.filter(source=source, status="candidate").count() == result["created"]


def test_import_source_with_extract_stores_candidates_without_a_broker(committed):
    result = manage("import_source", str(DEMO_PATH), "--extract")

    assert result.returncode == 0, result.stderr
    source = Source.objects.get(pk=int(result.stdout.strip().splitlines()[-1]))
    assert "queued candidate extraction" in result.stderr
    assert source.claims.filter(status="candidate").count() >= 15
    assert set(source.claims.values_list("speaker", flat=True)) == {
        "Mara Veltin",
        "Lakeside Courier",
    }


def test_load_demo_stores_the_demo_candidates_once(db):
    load_demo(create_users=False)
    stored = _claims_state()

    load_demo(create_users=False)

    assert len(stored) >= 15
    assert _claims_state() == stored
    assert Source.objects.count() == 1


def test_a_clause_the_analyst_already_recorded_is_not_proposed_again(db, analyst):
    text = GRANARY_PATH.read_text(encoding="utf-8")
    source = import_text(text, title="Granary").source
    clause = "Only 12 of the 30 ships chartered by the ministry have docked"
    start = text.index(clause)
    record_claim(source, actor=analyst, start=start, end=start + len(clause),
                 kinds=["quantitative"])  # fmt: skip

    result = store_candidates(source.pk)

    assert source.claims.count() == result["created"] + 1
    near = [c for c in source.claims.all() if "12 of the 30 ships" in c.quote]
    assert [(c.status, c.origin) for c in near] == [("open", "analyst")]
