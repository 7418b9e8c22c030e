"""Protocol errors through the real gunicorn, on raw loopback sockets: a
client's broken HTTP is a 4xx problem+json answer and one log line, never a
500 or a traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import time

import pytest
from rawhttp import (
    cpu_ticks,
    exchange,
    lines_for,
    log_lines,
    problem,
    read_all,
    start_server,
    wait_for_children,
)

from service.benchmark import article_of_size

#: GUNICORN_CLIENT_TIMEOUT of the server under test, and gunicorn.conf.py's keepalive.
CLIENT_TIMEOUT = 3
KEEPALIVE = 5

BODY = b'{"text": "\\"Go now,\\" said Jane Smith."}'

#: Chunked bodies gunicorn's reader refuses, by what is wrong with them.
BROKEN_CHUNKS = {
    "size-not-hex": b"zz\r\n" + BODY + b"\r\n0\r\n\r\n",
    "negative-size": b"-1\r\n" + BODY + b"\r\n0\r\n\r\n",
    "space-after-size": b"%x \r\n" % len(BODY) + BODY + b"\r\n0\r\n\r\n",
    "unterminated-extension": b'%x;a="b\r\n' % len(BODY) + BODY + b"\r\n0\r\n\r\n",
    "control-byte-in-extension": b"%x;\x01\r\n" % len(BODY) + BODY + b"\r\n0\r\n\r\n",
    "no-crlf-after-data": b"%x\r\n" % len(BODY) + BODY + b"XX0\r\n\r\n",
    "junk-trailer-line": b"%x\r\n" % len(BODY) + BODY + b"\r\n0\r\njunk trailer\r\n\r\n",
}


def chunked(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    ).encode() + body


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_server(tmp_path_factory.mktemp("protocol"), WEB_CONCURRENCY="1",
                      GUNICORN_CLIENT_TIMEOUT=str(CLIENT_TIMEOUT)) as server:
        yield server


def _one_line_answer(server, raw: bytes, since: int) -> dict:
    """The request's single log line: no traceback, nothing at error level."""
    status, headers, _ = problem(raw)
    lines = lines_for(server, headers["x-request-id"], since)
    assert len(lines) == 1, lines
    line = lines[0]
    assert line["status"] == status and line["level"] in {"info", "warning"}, line
    assert "exc_info" not in line
    return line


@pytest.mark.parametrize("path", ["/v1/quotes", "/v1/quotes/batch"])
@pytest.mark.parametrize("body", BROKEN_CHUNKS.values(), ids=BROKEN_CHUNKS.keys())
def test_broken_chunked_framing_is_a_400_in_one_line(server, path, body):
    since = len(server.log())
    raw = exchange(server.port, chunked(path, body), timeout=10)
    status, _, detail = problem(raw)
    assert status == 400, detail
    assert detail["type"] == "about:blank" and detail["title"] == "Bad Request"
    assert detail["detail"].startswith("The request body could not be read")
    assert len(raw) < 2000
    line = _one_line_answer(server, raw, since)
    assert line["path"] == path
    assert "Traceback" not in server.log()[since:]


def test_a_good_chunked_body_still_works(server):
    body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY)
    raw = exchange(server.port, chunked("/v1/quotes", body))
    assert raw.startswith(b"HTTP/1.1 200 "), raw[:300]
    assert json.loads(raw.partition(b"\r\n\r\n")[2])["quotes"]


# --- what gunicorn answers itself, before the app sees a request -------------------

#: Heads gunicorn refuses, with the status it gives them.
BAD_HEADS = {
    "not-a-request-line": (b"GARBAGE\r\n\r\n", 400),
    "bad-method": (b"G@T /health HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "bad-http-version": (b"GET /health HTTP/9.9\r\nHost: a\r\n\r\n", 400),
    "bad-header-name": (b"GET /health HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n", 400),
    "obsolete-line-folding": (b"GET /health HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400),
    "two-content-lengths": (b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
                            b"Content-Length: 3\r\n\r\n{}", 400),
    "uri-too-long": (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
    "too-many-headers": (b"GET /health HTTP/1.1\r\nHost: a\r\n"
                         + b"".join(b"X-H%d: v\r\n" % i for i in range(120)) + b"\r\n", 431),
    "header-too-large": (b"GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + b"v" * 9000 + b"\r\n\r\n", 431),
    "unknown-transfer-coding": (b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\n"
                                b"Transfer-Encoding: bogus\r\n\r\n0\r\n\r\n", 501),
    "stacked-chunked": (b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\n"
                        b"Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
    "unknown-expectation": (b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\nExpect: tea\r\n"
                            b"Content-Length: 2\r\n\r\n{}", 417),
}


@pytest.mark.parametrize(("head", "status"), BAD_HEADS.values(), ids=BAD_HEADS.keys())
def test_gunicorn_answers_bad_heads_with_a_problem_in_one_line(server, head, status):
    since = len(server.log())
    raw = exchange(server.port, head, timeout=10)
    got, headers, detail = problem(raw)
    assert got == status, detail
    assert detail["type"] == "about:blank" and detail["detail"]
    assert headers["connection"] == "close"
    assert len(raw) < 2000
    lines = lines_for(server, headers["x-request-id"], since)
    assert len(lines) == 1 and lines[0]["level"] == "warning" and lines[0]["status"] == status, lines
    assert "exc_info" not in lines[0]


def test_a_request_that_stalls_in_its_headers_is_answered_408(server):
    since = len(server.log())
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\nX-Slow: ")
        started = time.monotonic()
        raw = read_all(sock, timeout=15)
        waited = time.monotonic() - started
    status, headers, detail = problem(raw)
    assert status == 408 and detail["title"] == "Request Timeout", detail
    assert CLIENT_TIMEOUT - 0.5 <= waited <= CLIENT_TIMEOUT + 3, waited
    lines = lines_for(server, headers["x-request-id"], since)
    assert len(lines) == 1 and lines[0]["level"] == "warning", lines


def test_a_body_that_stops_arriving_is_answered_408(server):
    since = len(server.log())
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        sock.sendall(b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n" + BODY[:10])
        started = time.monotonic()
        raw = read_all(sock, timeout=15)
        waited = time.monotonic() - started
    status, headers, detail = problem(raw)
    assert status == 408 and detail["title"] == "Request Timeout", detail
    assert CLIENT_TIMEOUT - 0.5 <= waited <= CLIENT_TIMEOUT + 3, waited
    lines = lines_for(server, headers["x-request-id"], since)
    assert [l["status"] for l in lines] == [408], lines


def test_a_chunked_body_that_stops_arriving_is_answered_408(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        sock.sendall(chunked("/v1/quotes", b"ffff\r\n" + BODY))
        raw = read_all(sock, timeout=15)
    status, _, detail = problem(raw)
    assert status == 408, detail


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        started = time.monotonic()
        raw = read_all(sock, timeout=15)
        waited = time.monotonic() - started
    assert raw == b""
    assert waited <= KEEPALIVE + 2, waited


def test_no_server_error_was_logged(server):
    # (after the tests above, in file order)
    assert not [l for l in log_lines(server) if l["level"] in {"error", "critical"}]
    assert "Traceback" not in server.log()


def test_requests_in_flight_get_a_503_problem_when_the_worker_is_aborted(tmp_path):
    """SIGABRT is what the master sends a worker it has given up on
    (``WORKER TIMEOUT``): a request that has not begun its answer gets a 503
    problem rather than a dropped connection."""
    article = json.dumps({"text": article_of_size(450_000)}).encode()
    with start_server(tmp_path, WEB_CONCURRENCY="1") as server:
        (worker,) = wait_for_children(server.proc.pid, 1)
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(article) + article)
            before = cpu_ticks(worker)
            deadline = time.monotonic() + 20
            while cpu_ticks(worker) < before + 10 and time.monotonic() < deadline:
                time.sleep(0.02)
            os.kill(worker, signal.SIGABRT)
            raw = read_all(sock, timeout=30)
        status, headers, detail = problem(raw)
        assert status == 503 and detail["title"] == "Service Unavailable", detail
        assert raw.count(b"HTTP/1.1 ") == 1, raw[:500]  # nothing after the 503
        replacement = wait_for_children(server.proc.pid, 1, old={worker})
        assert replacement
        raw = exchange(server.port, b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 200 ")
    assert "answered 503" in server.log()
