"""python -m service smoke: against the real gunicorn server it passes;
against a closed port, a silent server or a wrong one it fails fast and
says why."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from service import smoke
from service.benchmark import Server, free_port

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [name for name, _ in smoke.CHECKS]


def _run(*args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "service", "smoke", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    return result, time.monotonic() - started


def _lines(result) -> list[str]:
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def server():
    with Server.from_procfile() as running:
        yield running


def test_every_check_passes_against_the_real_server(server):
    result, _ = _run(server.base_url)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = _lines(result)
    assert [line.split()[1] for line in lines[:-1]] == CHECKS
    for line in lines[:-1]:
        assert line.startswith("PASS ") and line.endswith(" ms)"), line
    assert lines[-1] == f"smoke: {len(CHECKS)} passed, 0 failed against {server.base_url}"


def test_base_url_with_a_trailing_slash(server):
    assert smoke.main([server.base_url + "/", "--timeout", "10"]) == 0


def test_cors_check_fails_when_the_origin_is_not_allowed():
    with Server.from_procfile(env={"QUOTES_CORS_ORIGINS": "https://newsroom.example"}) as strict:
        result, _ = _run(strict.base_url)
        assert result.returncode == 1
        assert "FAIL cors: origin https://smoke-test.example is not allowed" in result.stdout
        assert "PASS quotes" in result.stdout
        allowed, _ = _run(strict.base_url, "--origin", "https://newsroom.example")
        assert allowed.returncode == 0, allowed.stdout


def test_closed_port_fails_fast_with_a_clear_message():
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result, took = _run(url, "--timeout", "3")
    assert result.returncode == 1
    assert took < 3 + 5  # interpreter start-up plus refused connections
    lines = _lines(result)
    assert [line.split()[1].rstrip(":") for line in lines[:-1]] == CHECKS
    assert lines[0] == f"FAIL health: cannot connect to {url}/health: [Errno 111] Connection refused"
    assert lines[-1] == f"smoke: 0 passed, {len(CHECKS)} failed against {url}"


def test_silent_server_is_bounded_by_the_timeouts():
    # A socket that accepts connections but never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = "http://127.0.0.1:%d" % silent.getsockname()[1]
        result, took = _run(url, "--timeout", "0.5", "--total", "1.2")
    assert result.returncode == 1
    assert took < 1.2 + 5
    lines = _lines(result)
    assert lines[0].startswith(f"FAIL health: no answer from {url}/health within 0.5 s")
    assert any("overall time limit" in line for line in lines)
    assert len(lines) == len(CHECKS) + 1


class _WrongHandler(BaseHTTPRequestHandler):
    """Answers everything with 200 and a JSON object that is not right."""

    def _answer(self):
        body = json.dumps({"status": "fine", "quotes": [], "speakers": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_OPTIONS = _answer

    def log_message(self, *args):
        pass


def test_wrong_answers_are_reported_per_check(capsys):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _WrongHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        code = smoke.main([f"http://127.0.0.1:{httpd.server_port}", "--timeout", "5"])
    finally:
        httpd.shutdown()
        httpd.server_close()
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL health: status is 'fine', not 'ok'" in out
    assert "FAIL ready: status is 'fine', not 'ready'" in out
    assert "FAIL openapi: the document has no top-level 'openapi' key" in out
    assert "FAIL version: version is missing or empty" in out
    assert "FAIL quotes: quote 'The building is finally dry, warm and safe,' was not found" in out
    assert "FAIL error: expected HTTP 400, got 200" in out
    assert "FAIL cors: origin https://smoke-test.example is not allowed" in out


def test_openapi_check_without_pyyaml(monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml -> ImportError
    assert smoke._top_level_keys("openapi: 3.1.0\ninfo:\n  title: x\npaths: {}\n") == {
        "openapi": "3.1.0", "info": "", "paths": "{}",
    }


@pytest.mark.parametrize("argv", [
    [],
    ["not-a-url"],
    ["ftp://127.0.0.1/"],
    ["http://127.0.0.1:8000/?x=1"],
    ["http://127.0.0.1:8000", "--timeout", "0"],
    ["http://127.0.0.1:8000", "--timeout", "soon"],
    ["http://127.0.0.1:8000", "--total", "-1"],
    ["http://127.0.0.1:8000", "--bogus"],
])
def test_usage_errors_exit_2(argv, capsys):
    assert smoke.main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_usage_error_from_the_command_line():
    result, _ = _run()
    assert result.returncode == 2
    assert "BASE_URL" in result.stderr


def test_help_exits_0(capsys):
    assert smoke.main(["--help"]) == 0
    assert "Exit status" in capsys.readouterr().out
