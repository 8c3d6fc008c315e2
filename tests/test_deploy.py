"""The README's production environment: `check --deploy` is clean, gunicorn serves it all."""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_production_environment() -> dict[str, str]:
    """Return the variables of the first shell block under the README's Production heading."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Production", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    variables = dict(
        line.split("=", 1) for line in block.splitlines() if "=" in line and line[0].isupper()
    )
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL"} <= set(variables)
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)  # the README shows a placeholder
    return variables


def production_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(readme_production_environment(), **changes)
    return env


def test_check_deploy_with_the_readme_production_settings_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_check_deploy_warns_about_a_cache_kept_in_each_process():
    env = production_env()
    del env["CACHE_URL"]

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert "factcheck.W001" in result.stderr and "CACHE_URL" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, *, https: bool = True) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "desk.example.org"}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture
def gunicorn(tmp_path):
    """Serve the desk with gunicorn in the README's production environment."""
    env = production_env(STATIC_ROOT=str(tmp_path / "static"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "factcheck.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode()) from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_serves_static_files_https_only_and_api_errors_as_json(gunicorn):
    css = _get(gunicorn, "/static/css/app.css")
    plain = _get(gunicorn, "/accounts/login/", https=False)
    login = _get(gunicorn, "/accounts/login/")
    missing = _get(gunicorn, "/api/v1/no-such-thing/")

    assert css.status == 200
    assert css.body == (ROOT / "static" / "css" / "app.css").read_bytes()
    assert "max-age" in css.getheader("Cache-Control", "")
    assert (plain.status, plain.getheader("Location")) == (
        301,
        "https://desk.example.org/accounts/login/",
    )
    assert login.status == 200
    assert login.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Secure" in login.getheader("Set-Cookie", "")
    assert missing.status == 404 and missing.getheader("Content-Type") == "application/json"
    assert json.loads(missing.body) == {"detail": "No such endpoint."}
