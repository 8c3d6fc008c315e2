"""seed_scale: a consistent synthetic desk, written into an empty database and no other.

The desk is seeded once for the module, by the command in a subprocess, in batches of 100
claims so that every rule is also checked across a batch boundary.
"""

from collections import defaultdict
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from claims.models import Claim, ClaimEvent, Evidence
from claims.seeding.history import RECORDED
from extraction.figures import read_figure
from sources.models import Outlet, Passage, Source
from tests.cli import manage
from tests.conftest import PASSWORD

CLAIMS = 600
TABLES = [Outlet, Source, Passage, Claim, Evidence, ClaimEvent]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed the test database once for the module; empty it again afterwards."""
    with django_db_blocker.unblock():
        result = manage(
            "seed_scale", "--claims", str(CLAIMS), "--batch-claims", "100",
            "--password-env", "SEED_PW", env={"SEED_PW": PASSWORD},
        )  # fmt: skip
        yield result
        call_command("flush", interactive=False, verbosity=0)


def _state() -> dict:
    with connection.cursor() as cursor:
        state = {}
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(f"SELECT count(*), max(id) FROM {table}")
            state[table] = cursor.fetchone()
    state["users"] = get_user_model().objects.count()
    return state


def test_seed_scale_writes_exactly_the_claims_asked_for(seeded, db):
    assert seeded.returncode == 0, seeded.stderr
    summary = seeded.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"seeded {CLAIMS} claims")
    assert "Traceback" not in seeded.stderr and "claims" in seeded.stderr  # progress lines
    assert Claim.objects.count() == CLAIMS
    assert Source.objects.count() == CLAIMS // 50
    assert Outlet.objects.exists() and Passage.objects.count() > Source.objects.count()


def test_every_claim_quotes_its_sources_text_at_its_offsets(seeded, db):
    texts = dict(Source.objects.values_list("id", "text"))
    passages = {p.pk: p for p in Passage.objects.all()}
    for claim in Claim.objects.all():
        text = texts[claim.source_id]
        assert claim.quote == text[claim.start : claim.end]
        assert claim.prefix == text[max(0, claim.start - 32) : claim.start]
        assert claim.suffix == text[claim.end : claim.end + 32]
        passage = passages[claim.passage_id]
        assert passage.source_id == claim.source_id
        assert passage.start <= claim.start < claim.end <= passage.end
        assert claim.speaker == passage.speaker and passage.role in ("answer", "narration")


def test_sources_are_whole_texts_with_passages_in_order(seeded, db):
    from sources.importing import text_sha256

    for source in Source.objects.all():
        assert len(source.text) >= 2_000 and source.sha256 == text_sha256(source.text)
        spans = list(source.passages.order_by("position").values_list("start", "end"))
        assert spans[0][0] == 0 and spans[-1][1] == len(source.text)
        assert all(a_end < b_start for (_, a_end), (b_start, _) in pairwise(spans))


def test_every_status_appears_with_the_fields_it_requires(seeded, db):
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == set(Claim.Status.values)
    approved = Claim.objects.filter(status=Claim.Status.APPROVED)
    assert not approved.filter(rating="").exists()
    assert not approved.filter(approved_at__isnull=True).exists()
    for claim in Claim.objects.filter(status__in=[Claim.Status.IN_REVIEW, Claim.Status.APPROVED]):
        assert claim.rating and claim.rationale
        assert claim.submitted_by_id == claim.assignee_id and claim.submitted_at
    assert not Claim.objects.exclude(status=Claim.Status.APPROVED).exclude(approved_at=None)
    assert Claim.objects.filter(status=Claim.Status.CANDIDATE).count() > CLAIMS / 3


def test_every_recorded_claim_has_evidence_from_another_source(seeded, db):
    with_evidence = set(Evidence.objects.values_list("claim_id", flat=True))
    recorded = set(Claim.objects.filter(status__in=RECORDED).values_list("id", flat=True))
    assert recorded and recorded <= with_evidence
    assert not Evidence.objects.filter(claim__status__in=["candidate", "dismissed"]).exists()
    for evidence in Evidence.objects.select_related("claim"):
        assert evidence.source_id != evidence.claim.source_id
        figure = read_figure(evidence.source_figure)  # as add_evidence reads it
        assert (evidence.figure_low, evidence.figure_high) == (figure.low, figure.high)


def test_events_retrace_each_claims_status_in_order(seeded, db):
    events = defaultdict(list)
    for event in ClaimEvent.objects.order_by("claim_id", "created_at", "id"):
        events[event.claim_id].append(event)
    analysts = set(
        get_user_model().objects.filter(groups__name="analyst").values_list("id", flat=True)
    )
    reviewers = set(
        get_user_model().objects.filter(groups__name="reviewer").values_list("id", flat=True)
    )
    for claim in Claim.objects.all():
        trail = events[claim.pk]
        assert trail[0].action in ("propose", "record") and trail[0].from_status == ""
        assert trail[0].created_at == claim.created_at
        status = ""
        for event in trail:
            assert event.from_status == status or event.action in ("propose", "record")
            status = event.to_status
            if event.action in ("approve", "request_changes", "reopen"):
                assert event.actor_id in reviewers
            elif event.action != "propose":
                assert event.actor_id in analysts
        assert status == claim.status
        assert claim.version == len(trail) and claim.updated_at == trail[-1].created_at
        assert [e.id for e in trail] == sorted(e.id for e in trail)
        last = {event.action: event for event in trail}
        if claim.status == Claim.Status.APPROVED:
            assert claim.approved_at == claim.reviewed_at == last["approve"].created_at
            assert claim.reviewed_by_id == last["approve"].actor_id
            first = next(e for e in trail if e.action == "approve")
            assert claim.first_approved_at == first.created_at  # kept through a correction
        if claim.submitted_at:
            assert claim.submitted_at == last["submit"].created_at
    total = ClaimEvent.objects.count()
    assert 2.2 * CLAIMS < total < 3.2 * CLAIMS
    assert ClaimEvent.objects.filter(action="add_evidence").count() == Evidence.objects.count()


def test_members_hold_their_roles_and_the_given_password(seeded, db):
    User = get_user_model()
    analyst, reviewer = (
        User.objects.get(username="analyst0"),
        User.objects.get(username="reviewer0"),
    )
    assert analyst.has_perm("claims.change_claim") and not analyst.has_perm("claims.approve_claim")
    assert reviewer.has_perm("claims.approve_claim") and not reviewer.has_perm(
        "claims.change_claim"
    )
    assert analyst.check_password(PASSWORD) and reviewer.check_password(PASSWORD)
    assert User.objects.filter(username__startswith="analyst").count() >= 3


def test_new_rows_get_ids_past_the_seeded_ones(seeded, db):
    from claims.workflow import record_claim

    before = _state()
    source = Source.objects.order_by("id").first()
    analyst = get_user_model().objects.get(username="analyst0")
    held = set(source.claims.values_list("start", "end"))
    start = next(s for s in range(len(source.text)) if (s, s + 5) not in held)
    claim = record_claim(source, actor=analyst, start=start, end=start + 5, kinds=["attributive"])
    outlet = Outlet.objects.create(name="A newly added outlet")

    assert claim.pk == before["claims_claim"][1] + 1 == CLAIMS + 1
    assert ClaimEvent.objects.get(claim=claim).pk == before["claims_claimevent"][1] + 1
    assert outlet.pk == before["sources_outlet"][1] + 1


def test_a_second_run_refuses_with_exit_2_and_changes_nothing(seeded, db):
    before = _state()
    result = manage("seed_scale", "--claims", "10")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "already holds 600 claims" in lines[0], result.stderr
    assert _state() == before


@pytest.mark.parametrize(
    "args, env, message",
    [
        ([], {}, "--claims"),
        (["--claims", "0"], {}, "not between 1"),
        (["--claims", "many"], {}, "not a whole number"),
        (["--claims", "10", "--sources", "-3"], {}, "not between 1"),
        (["--claims", "10", "--password-env", "UNSET_SEED_PW"], {}, "not set"),
    ],
    ids=["no-claims", "zero", "not-a-number", "negative-sources", "unset-password"],
)
def test_bad_arguments_are_one_line_and_exit_2(seeded, db, args, env, message):
    before = _state()
    result = manage("seed_scale", *args, env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert _state() == before
