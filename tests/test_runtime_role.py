"""The runtime role: the desk runs as it, and it cannot go around the audit trail's guard."""

import io
import os
import secrets
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.models import ClaimEvent
from tests.cli import database_url_as, manage
from tests.extraction.conftest import DEMO_PATH
from tests.factories import ClaimFactory

PASSWORD = "runtime-" + secrets.token_hex(8)


@pytest.fixture
def runtime_role(committed):
    """A runtime role made by the command (roles span the server: a fresh name, dropped after)."""
    name = f"claimdesk_rt_{secrets.token_hex(4)}"
    out = io.StringIO()
    with environment(RT_PASSWORD=PASSWORD):
        call_command("create_runtime_role", name, "--password-env", "RT_PASSWORD", stdout=out)
    assert out.getvalue().startswith(f"{name} may read and write the rows of")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')


@contextmanager
def environment(**values: str):
    """Set environment variables for the block (the command reads its password from one)."""
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _url(role: str) -> str:
    return database_url_as(role, PASSWORD)


def _refused(conn: psycopg.Connection, statement: str) -> str:
    """Run a statement as the role; return PostgreSQL's refusal (fail if it was allowed)."""
    with pytest.raises(psycopg.Error) as refusal:
        conn.execute(statement)
    conn.rollback()
    return str(refusal.value)


def test_runtime_role_cannot_change_truncate_or_silence_the_audit_trail(runtime_role):
    claim = ClaimFactory(status="open")
    event = ClaimEvent.objects.create(claim=claim, action="accept", to_status="open")
    events = ClaimEvent.objects.count()

    with psycopg.connect(_url(runtime_role)) as conn:
        assert conn.execute("SELECT count(*) FROM claims_claimevent").fetchone()[0] == events
        update = _refused(conn, "UPDATE claims_claimevent SET comment = 'rewritten'")
        delete = _refused(conn, "DELETE FROM claims_claimevent")
        truncate = _refused(conn, "TRUNCATE claims_claimevent CASCADE")
        replica = _refused(conn, "SET session_replication_role = replica")
        disable = _refused(conn, "ALTER TABLE claims_claimevent DISABLE TRIGGER ALL")
        drop = _refused(conn, "DROP TABLE claims_claimevent CASCADE")
        owned = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = "
            "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
        ).fetchone()[0]

    assert "permission denied for table claims_claimevent" in update
    assert "permission denied for table claims_claimevent" in delete
    assert "permission denied for table claims_claimevent" in truncate
    assert 'permission denied to set parameter "session_replication_role"' in replica
    assert "must be owner of table claims_claimevent" in disable
    assert "must be owner of table claims_claimevent" in drop
    assert owned == 0
    assert ClaimEvent.objects.count() == events
    event.refresh_from_db()
    assert event.comment == ""


def test_the_desk_runs_as_the_runtime_role(runtime_role, tmp_path):
    as_role = {"DATABASE_URL": _url(runtime_role)}

    imported = manage("import_source", str(DEMO_PATH), "--extract", env=as_role)
    assert imported.returncode == 0, imported.stderr
    source_id = int(imported.stdout.split()[-1])
    out = tmp_path / "claims.jsonl"
    exported = manage("export_claims", "--format", "jsonl", "--out", str(out), env=as_role)
    assert exported.returncode == 0, exported.stderr

    # Claims, their events, the search index and the tallies were written through the role.
    lines = out.read_text().splitlines()
    stored = ClaimEvent.objects.filter(claim__source_id=source_id, action="propose").count()
    assert len(lines) == stored >= 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Robert'); DROP"], "is not a plain role name"),
        (["OWNER"], "owns the tables or runs this command"),
        (["claimdesk_rt_x", "--password-env", "NO_SUCH_VARIABLE"], "is not set"),
    ],
)
def test_create_runtime_role_refuses_bad_input_in_one_line(db, args, message):
    owner = connection.settings_dict["USER"] or "postgres"
    args = [owner if arg == "OWNER" else arg for arg in args]
    with pytest.raises(CommandError) as refusal:
        call_command("create_runtime_role", *args)
    assert refusal.value.returncode == 2
    assert message in str(refusal.value) and "\n" not in str(refusal.value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'claimdesk_rt_x'")
        assert cursor.fetchone()[0] == 0


def test_removing_a_source_of_candidates_works_as_the_runtime_role(runtime_role):
    from claims import workflow
    from claims.members import create_member
    from sources.importing import import_text

    create_member("remover", "analyst", PASSWORD)
    source = import_text(
        "Officials said 40 wells were dug. Nobody said more.", title="Paste"
    ).source
    proposed = workflow.propose_candidates(
        source, [{"start": 0, "end": 33, "quote": source.text[:33], "kinds": ["quantitative"]}]
    )
    assert proposed == 1 and ClaimEvent.objects.filter(claim__source=source).exists()

    script = (
        "from django.contrib.auth import get_user_model; "
        "from claims.workflow.sources import remove_source; "
        f"print(remove_source({source.pk}, actor=get_user_model().objects.get(username='remover')))"
    )
    removed = manage("shell", "-c", script, env={"DATABASE_URL": _url(runtime_role)})

    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip().splitlines()[-1] == "1"  # one candidate went
    assert not ClaimEvent.objects.filter(claim__source_id=source.pk).exists()
    with psycopg.connect(_url(runtime_role)) as conn:  # and still no DELETE of its own
        assert "permission denied" in _refused(conn, "DELETE FROM claims_claimevent")
