"""The embedded PostgreSQL starts again after a run that was killed instead of stopped."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from factcheck.embedded_db import _serves

ROOT = Path(__file__).resolve().parent.parent

# Start the server as every command does and read from it; "killed" then leaves the way
# `kill` does, without the exit handlers that would forget this process and stop the server.
SCRIPT = """
import os, sys
from pathlib import Path
import psycopg
from factcheck.embedded_db import start
with psycopg.connect(start(Path(sys.argv[1]))) as conn:
    print(conn.execute("SELECT 41 + 1").fetchone()[0], flush=True)
if sys.argv[2] == "killed":
    os._exit(0)
"""


def run(data_dir: Path, how: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir), how],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def servers_on(data_dir: Path) -> list[psutil.Process]:
    return [p for p in psutil.process_iter() if _serves(p, data_dir)]


def wait_until_gone(data_dir: Path, *pids: int) -> None:
    """Wait until no server runs on data_dir and the given processes are reaped."""

    def running() -> bool:
        return bool(servers_on(data_dir)) or any(psutil.pid_exists(pid) for pid in pids)

    deadline = time.monotonic() + 30
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running()


@pytest.fixture
def data_dir():
    # Directly under the temporary folder, as CI does: when run as root, the server runs as
    # a user of its own, who cannot enter pytest's private folders.
    parent = Path(tempfile.mkdtemp(prefix="claimdesk-embedded-"))
    folder = parent / "postgres"
    yield folder
    for process in servers_on(folder):  # whatever a failed test left running
        process.kill()
    shutil.rmtree(parent, ignore_errors=True)


def test_embedded_server_starts_after_killed_runs_left_stale_or_empty_pid_files(data_dir):
    first = run(data_dir, "killed")
    assert first.stdout.strip() == "42", first.stderr
    handles = data_dir / ".handle_pids.json"
    handles.write_text("")  # killed while the list was being rewritten

    again = run(data_dir, "killed")  # the server still runs: it is used again
    assert again.stdout.strip() == "42", again.stderr

    # Now the server is killed too, leaving its pid file behind: first naming a process that
    # is gone, then empty.
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    wait_until_gone(data_dir, postmaster)
    assert (data_dir / "postmaster.pid").exists()
    stale = run(data_dir, "killed")
    assert stale.stdout.strip() == "42", stale.stderr

    servers = servers_on(data_dir)
    for process in servers:
        process.kill()
    wait_until_gone(data_dir, *(process.pid for process in servers))
    (data_dir / "postmaster.pid").write_text("")
    handles.write_text("[")
    clean = run(data_dir, "stopped")

    assert clean.stdout.strip() == "42", clean.stderr
    assert clean.returncode == 0 and clean.stderr == ""
    wait_until_gone(data_dir)  # the last user stopped it on its way out
