"""quotes smoke (python -m service smoke): against the real gunicorn server
it passes, also behind a gateway that wants headers; against a closed port,
a silent server or a wrong one it fails fast and says why; its JUnit report
says the same as its lines."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from contextlib import contextmanager
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


@contextmanager
def _serving(handler):
    """A loopback HTTP server answering with ``handler``; its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


#: What the staging gateway below insists on, on every request.
GATEWAY_HEADERS = {"Authorization": "Bearer staging-pass-4417", "X-Newsroom": "harbour-desk"}


def _gateway(upstream: str, seen: list[dict]):
    """A handler standing for an authenticating gateway in front of
    ``upstream``: a request without every GATEWAY_HEADERS value gets a 401,
    any other is passed on and its answer passed back.  ``seen`` collects
    the headers of every request that arrives."""

    class Gateway(BaseHTTPRequestHandler):
        def _forward(self):
            seen.append(dict(self.headers))
            if any(self.headers.get(name) != value for name, value in GATEWAY_HEADERS.items()):
                self.send_response(401)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            passed = {k: v for k, v in self.headers.items()
                      if k.lower() not in {"host", "connection", "content-length", *map(str.lower, GATEWAY_HEADERS)}}
            request = urllib.request.Request(upstream + self.path, data=body, method=self.command, headers=passed)
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    status, headers, data = answer.status, answer.headers, answer.read()
            except urllib.error.HTTPError as error:
                status, headers, data = error.code, error.headers, error.read()
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in {"connection", "transfer-encoding", "content-length", "date", "server"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_OPTIONS = _forward

        def log_message(self, *args):
            pass

    return Gateway


def test_headers_reach_every_request_behind_a_gateway(server):
    seen: list[dict] = []
    with _serving(_gateway(server.base_url, seen)) as url:
        refused, _ = _run(url)
        assert refused.returncode == 1
        assert all(line.startswith("FAIL ") for line in _lines(refused)[:-1]), refused.stdout
        assert _lines(refused)[0].startswith("FAIL health: expected HTTP 200, got 401")

        seen.clear()
        flags = [arg for name, value in GATEWAY_HEADERS.items() for arg in ("--header", f"{name}: {value}")]
        passed, _ = _run("--url", url, *flags)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert _lines(passed)[-1] == f"smoke: {len(CHECKS)} passed, 0 failed against {url}"
    assert len(seen) >= len(CHECKS)
    for headers in seen:
        assert {name: headers.get(name) for name in GATEWAY_HEADERS} == GATEWAY_HEADERS
    # header values may be secrets: they are never printed
    assert "staging-pass-4417" not in passed.stdout + passed.stderr


def _junit(path: Path) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return suite, suite.findall("testcase")


def test_junit_report_of_a_passing_run(server, tmp_path):
    report = tmp_path / "reports" / "smoke.xml"
    report.parent.mkdir()
    result, _ = _run(server.base_url, "--junit", str(report))
    assert result.returncode == 0, result.stdout
    suite, cases = _junit(report)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (str(len(CHECKS)), "0", "0")
    assert [case.get("name") for case in cases] == CHECKS
    assert all(case.find("failure") is None and float(case.get("time")) >= 0 for case in cases)


def test_junit_report_names_each_failure_with_its_message(tmp_path):
    report = tmp_path / "smoke.xml"
    with _serving(_WrongHandler) as url:
        code = smoke.main(["--url", url, "--junit", str(report), "--timeout", "5"])
    assert code == 1
    suite, cases = _junit(report)
    assert suite.get("tests") == str(len(CHECKS))
    assert suite.get("failures") == str(len(CHECKS))
    failures = {case.get("name"): case.find("failure") for case in cases}
    assert failures["health"].get("message") == "status is 'fine', not 'ok'"
    assert failures["error"].get("message").startswith("expected HTTP 400, got 200")
    assert failures["cors"].get("message").startswith("origin https://smoke-test.example is not allowed")
    assert all(failure.text == failure.get("message") for failure in failures.values())


def test_junit_report_that_cannot_be_written_is_exit_2(server, tmp_path, capsys):
    report = tmp_path / "no such directory" / "smoke.xml"
    assert smoke.main([server.base_url, "--junit", str(report)]) == 2
    captured = capsys.readouterr()
    assert "PASS health" in captured.out
    assert f"cannot write the JUnit report {report}" in captured.err


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
    pytest.param(["http://127.0.0.1:8000", "--url", "http://127.0.0.1:8000"], id="a URL given twice"),
    pytest.param(["--url", "ftp://127.0.0.1/"], id="--url not http"),
    pytest.param(["--url", "http://127.0.0.1:8000", "--header", "Authorization"], id="a header without a colon"),
    pytest.param(["--url", "http://127.0.0.1:8000", "--header", "Bad Name: x"], id="a header name with a space"),
    pytest.param(["--url", "http://127.0.0.1:8000", "--header", ": x"], id="a header without a name"),
    pytest.param(["--url", "http://127.0.0.1:8000", "--header", "X-A: 1", "--header", "x-a: 2"],
                 id="the same header twice"),
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
