"""Protocol errors through the real gunicorn, on raw loopback sockets: a
client's broken HTTP is a 4xx problem+json answer and one log line, never a
500 or a traceback."""

from __future__ import annotations

import json

import pytest
from rawhttp import exchange, lines_for, log_lines, problem, start_server

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
                      GUNICORN_CLIENT_TIMEOUT="3") as server:
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


def test_no_server_error_was_logged(server):
    # (after the tests above, in file order)
    assert not [l for l in log_lines(server) if l["level"] in {"error", "critical"}]
    assert "Traceback" not in server.log()
