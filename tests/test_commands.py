"""The management commands as a user runs them: output, exit codes, database effects."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim, ClaimEvent
from sources.models import Passage, Source
from tests.cli import manage


def test_import_source_prints_the_id_last_and_again_the_same_id(committed, interview_path):
    first = manage("import_source", str(interview_path), "--outlet", "TASS", "--title", "SOMB")
    assert first.returncode == 0, first.stderr
    source_id = int(first.stdout.strip().splitlines()[-1])

    second = manage("import_source", str(interview_path))
    assert second.returncode == 0, second.stderr
    assert int(second.stdout.strip().splitlines()[-1]) == source_id

    source = Source.objects.get(pk=source_id)
    assert source.outlet.name == "TASS"
    assert source.passages.count() == 34
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    "make_file, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: _write(d / "empty.txt", b""), "is empty"),
        (lambda d: _write(d / "img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
        (lambda d: _write(d / "latin1.txt", "Caf\xe9 au lait".encode("latin-1")), "UTF-8"),
        (lambda d: _write(d / "big.txt", b"a" * (5 * 1024 * 1024 + 10)), "limit is 5 MB"),
    ],
    ids=["missing", "empty", "binary", "invalid-utf8", "too-large"],
)
def test_import_source_bad_input_is_one_line_and_exit_2(committed, tmp_path, make_file, message):
    path = make_file(tmp_path)

    result = manage("import_source", str(path))

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert Source.objects.count() == 0 and Passage.objects.count() == 0


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--language", "x" * 17, "language is longer than 16"),
        ("--outlet", "O" * 201, "outlet is longer than 200"),
        ("--url", "javascript:alert(1)", "not an http(s) address"),
        ("--title", "T" * 501, "title is longer than 500"),
    ],
)
def test_import_source_refuses_metadata_it_cannot_store(
    committed, tmp_path, option, value, message
):
    path = _write(tmp_path / "a.txt", b"Officials said 3 roads were closed.")
    result = manage("import_source", str(path), option, value)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert Source.objects.count() == 0


def test_import_source_rejects_a_bad_date_with_exit_2(committed, tmp_path):
    path = _write(tmp_path / "a.txt", b"Officials said 3 roads were closed.")
    result = manage("import_source", str(path), "--published", "yesterday")
    assert result.returncode == 2
    assert "--published" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert Source.objects.count() == 0


def test_create_member_reads_the_password_from_the_environment(committed):
    result = manage(
        "create_member", "nadia", "--role", "reviewer", "--password-env", "NEW_PW",
        env={"NEW_PW": "a-long-enough-password"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    user = get_user_model().objects.get(username="nadia")
    assert user.check_password("a-long-enough-password")
    assert list(user.groups.values_list("name", flat=True)) == ["reviewer"]
    assert user.has_perm("claims.approve_claim") and not user.has_perm("claims.change_claim")


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--role", "boss", "--password-env", "PW"], {"PW": "long-enough-pass"}, "invalid choice"),
        (["--role", "analyst", "--password-env", "UNSET_VAR"], {}, "not set"),
        (["--role", "analyst", "--password-env", "PW"], {"PW": "123"}, "password refused"),
        (
            ["--role", "analyst", "--email", "not-an-address", "--password-env", "PW"],
            {"PW": "long-enough-pass"},
            "invalid username or e-mail",
        ),
    ],
)
def test_create_member_bad_input_is_one_line_and_exit_2(committed, args, env, message):
    result = manage("create_member", "nadia", *args, env=env)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not get_user_model().objects.filter(username="nadia").exists()


@pytest.mark.django_db
def test_admin_role_is_a_superuser_with_every_permission(monkeypatch):
    monkeypatch.setenv("ADMIN_PW", "a-long-enough-password")
    call_command("create_member", "root2", "--role", "admin", "--password-env", "ADMIN_PW")
    user = get_user_model().objects.get(username="root2")
    assert user.is_superuser and user.is_staff


@pytest.mark.django_db
def test_load_demo_twice_duplicates_nothing(capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out

    assert "demo user 'analyst' with password" in first
    assert "password" not in second.replace("set a new password", "")
    # The interview and the bulletin its worked claims cite, each once.
    assert Source.objects.count() == 2
    statuses = sorted(Claim.objects.exclude(status="candidate").values_list("status", flat=True))
    assert statuses == ["approved", "in_research", "in_review"]
    assert ClaimEvent.objects.filter(action="approve").count() == 1
    users = get_user_model().objects.filter(username__in=["analyst", "reviewer"])
    assert sorted(u.username for u in users) == ["analyst", "reviewer"]
    assert users.get(username="analyst").has_perm("claims.change_claim")


@pytest.mark.django_db
def test_load_demo_without_debug_creates_no_users(capsys, settings):
    settings.DEBUG = False
    call_command("load_demo")
    assert "no demo users" in capsys.readouterr().out
    assert not get_user_model().objects.exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_embedded_database_that_cannot_start_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["EMBEDDED_PG_DIR"] = str(blocker / "postgres")

    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "embedded PostgreSQL" in lines[0] and "DATABASE_URL" in lines[0]
