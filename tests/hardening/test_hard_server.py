"""The real gunicorn (the Procfile's command) on a loopback port: body limits
without Content-Length, many concurrent clients, SIGTERM with requests in
flight, a worker killed mid-request, logs and metrics across workers.

Every loop here is bounded in count and in time, and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from rawhttp import children, cpu_ticks

from service.benchmark import Server, article_of_size
from service.http.errors import TOO_LARGE

JSON_HEADERS = {"Content-Type": "application/json"}


# --- helpers ----------------------------------------------------------------------


def request(port: int, method: str, path: str, payload=None, headers=None, timeout: float = 60.0):
    """One request on a new connection: (status, headers, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        all_headers = {**(JSON_HEADERS if body is not None else {}), **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def post(port: int, payload, path: str = "/v1/quotes", **kwargs):
    return request(port, "POST", path, payload, **kwargs)


def _server(tmp_path: Path, **env) -> Server:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir(exist_ok=True)
    return Server.from_procfile(env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), **env})


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def log_lines(server: Server) -> list[dict]:
    """The server's output, every line of which must be a JSON object."""
    lines = []
    for line in server.log().splitlines():
        if line.strip():
            lines.append(json.loads(line))
    return lines


def answer(body: bytes) -> str:
    """The part of a quotes response that must not vary between calls."""
    data = json.loads(body)
    return json.dumps([data["quotes"], data["speakers"]], sort_keys=True)


# --- body limits through gunicorn -------------------------------------------------

LIMIT = 1000


def _body_of(size: int) -> bytes:
    body = b'{"text": "' + b"x" * (size - 12) + b'"}'
    assert len(body) == size
    return body


def _send_chunked(port: int, body: bytes, chunk: int = 100) -> bytes:
    """POST ``body`` with Transfer-Encoding: chunked on a raw socket; the raw
    answer.  The server may answer and close before it has read everything."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/quotes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            b"Connection: close\r\n\r\n"
        )
        try:
            for i in range(0, len(body), chunk):
                part = body[i:i + chunk]
                sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered early; the answer is still there to read
        data = b""
        while len(data) < 1_000_000:
            try:
                piece = sock.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            data += piece
        return data


def _status_and_body(raw: bytes) -> tuple[int, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


@pytest.fixture(scope="module")
def small_limit_server(tmp_path_factory):
    server = _server(tmp_path_factory.mktemp("limits"), QUOTES_MAX_BODY_BYTES=str(LIMIT),
                     QUOTES_MAX_TEXT_CHARS="600")
    with server:
        yield server


CHUNKED = {
    # Read whole at exactly the byte limit, then refused for its 988 characters.
    "at-the-limit": (LIMIT, 413),
    "one-byte-over": (LIMIT + 1, 413),
    "twice-the-limit": (2 * LIMIT, 413),
    "a-hundred-times-the-limit": (100 * LIMIT, 413),
    "five-megabytes": (5_000_000, 413),
}


@pytest.mark.parametrize(("size", "status"), CHUNKED.values(), ids=CHUNKED.keys())
def test_chunked_bodies_are_limited_by_the_real_server(small_limit_server, size, status):
    got, body = _status_and_body(_send_chunked(small_limit_server.port, _body_of(size)))
    assert got == status, body
    assert body["type"] == TOO_LARGE
    if size > LIMIT:
        assert f"{LIMIT} bytes" in body["detail"]
    else:  # read whole, then refused for its 988 characters of text
        assert "characters" in body["detail"]


def test_a_chunked_body_under_both_limits_is_read(small_limit_server):
    body = json.dumps({"text": '"Go now," said Jane Smith.' + " " * 500}).encode()
    got, answer_ = _status_and_body(_send_chunked(small_limit_server.port, body, chunk=7))
    assert got == 200, answer_
    assert answer_["quotes"][0]["speaker"]["name"] == "Jane Smith"


def test_http_client_chunked_encoding_is_limited_too(small_limit_server):
    conn = http.client.HTTPConnection("127.0.0.1", small_limit_server.port, timeout=30)
    try:
        parts = iter([_body_of(3 * LIMIT)[i:i + 250] for i in range(0, 3 * LIMIT, 250)])
        conn.request("POST", "/v1/quotes", body=parts, headers=JSON_HEADERS, encode_chunked=True)
        response = conn.getresponse()
        assert response.status == 413
        assert response.getheader("Content-Type") == "application/problem+json"
    finally:
        conn.close()


def test_a_declared_length_over_the_limit_is_refused(small_limit_server):
    status, headers, body = post(small_limit_server.port, {"text": "x" * (2 * LIMIT)})
    assert status == 413 and headers["Content-Type"] == "application/problem+json"


def test_the_server_is_fine_after_refusing_bodies(small_limit_server):
    status, _, body = post(small_limit_server.port, {"text": '"Go now," said Jane Smith.'})
    assert status == 200 and json.loads(body)["quotes"]
    assert "Traceback" not in small_limit_server.log()


# --- many clients at once ---------------------------------------------------------

CLIENTS = 8
REQUESTS_PER_CLIENT = 200
SIZES = (200, 1500, 5000, 12000)


def test_many_concurrent_clients_all_get_the_same_answers(tmp_path):
    articles = [article_of_size(n) for n in SIZES]
    with _server(tmp_path, WEB_CONCURRENCY="2") as server:
        expected = []
        for text in articles:
            status, _, body = post(server.port, {"text": text})
            assert status == 200
            expected.append(answer(body))

        failures: list[str] = []
        done = Counter()
        deadline = time.monotonic() + 240

        def client(number: int) -> None:
            for i in range(REQUESTS_PER_CLIENT):
                if time.monotonic() > deadline:
                    failures.append(f"client {number}: out of time at request {i}")
                    return
                which = (number + i) % len(articles)
                rid = f"c{number}-r{i}"
                try:
                    status, headers, body = post(server.port, {"text": articles[which]},
                                                 headers={"X-Request-ID": rid})
                except OSError as err:
                    failures.append(f"{rid}: {type(err).__name__}: {err}")
                    continue
                if status != 200:
                    failures.append(f"{rid}: HTTP {status}")
                elif answer(body) != expected[which]:
                    failures.append(f"{rid}: a different answer for size {SIZES[which]}")
                elif headers.get("X-Request-ID") != rid:
                    failures.append(f"{rid}: answered with id {headers.get('X-Request-ID')}")
                else:
                    done[which] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not any(t.is_alive() for t in threads)
        assert not failures, failures[:10]
        assert sum(done.values()) == CLIENTS * REQUESTS_PER_CLIENT
        assert server.stop() == 0
    assert "Traceback" not in server.log()


# --- shutdown and crashes -----------------------------------------------------------

#: A batch the engine needs a few seconds for (a killed worker takes it with it).
SLOW_BATCH = {"documents": [{"id": i, "text": article_of_size(450_000)} for i in range(4)]}
SLOW_ENV = {"QUOTES_MAX_BODY_BYTES": "20000000"}

#: About 1.7 s of engine work here: still running when SIGTERM follows it by
#: half a second, and a small part of the budget below even on a machine
#: three or four times slower or busier.
SIGTERM_BATCH = {"documents": [{"id": i, "text": article_of_size(450_000)} for i in range(2)]}
#: A budget with room for both batches one after the other (they may share
#: a worker) on a loaded machine, inside a graceful timeout that is inside
#: the worker timeout, as gunicorn.conf.py wants them.
SIGTERM_ENV = {**SLOW_ENV, "QUOTES_ENGINE_TIMEOUT_S": "20", "GUNICORN_GRACEFUL_TIMEOUT": "28",
               "GUNICORN_TIMEOUT": "30"}


def test_sigterm_lets_requests_in_flight_finish_then_exits_0(tmp_path):
    server = _server(tmp_path, WEB_CONCURRENCY="2", **SIGTERM_ENV)
    results: dict[int, tuple] = {}
    try:
        server.start()
        master = server.proc.pid
        workers = wait_for(lambda: len(children(master)) == 2 and children(master), 20, "2 workers")

        def slow(n: int) -> None:
            try:
                status, _, body = post(server.port, SIGTERM_BATCH, path="/v1/quotes/batch", timeout=90)
                results[n] = (status, body, time.monotonic())
            except OSError as err:
                results[n] = (None, repr(err).encode(), time.monotonic())

        threads = [threading.Thread(target=slow, args=(n,)) for n in range(2)]
        start_cpu = {pid: cpu_ticks(pid) for pid in workers}
        threads[0].start()
        # The first batch is being analysed: a worker's CPU time moves.
        wait_for(lambda: any(cpu_ticks(pid) > start_cpu[pid] + 20 for pid in workers), 30,
                 "a worker to be busy")
        # The second goes to the other worker, or waits for its turn at the
        # engine in the same one: either way it is in flight once sent.
        threads[1].start()
        time.sleep(0.5)
        assert not results, "a batch finished before SIGTERM: make it bigger"
        signalled = time.monotonic()
        os.kill(master, signal.SIGTERM)
        for thread in threads:
            thread.join(timeout=90)
        exit_status = server.proc.wait(timeout=60)
    finally:
        server.kill()
    for n in range(2):
        status, body, finished = results[n]
        assert status == 200, body[:300]
        batch = json.loads(body)
        assert batch["meta"]["errors"] == 0 and batch["meta"]["quote_count"] > 0, batch["meta"]
        assert finished > signalled, "the request was not in flight at SIGTERM"
    assert exit_status == 0, server.log()[-2000:]
    assert "Traceback" not in server.log()


def test_a_killed_worker_is_replaced_and_the_next_request_succeeds(tmp_path):
    with _server(tmp_path, WEB_CONCURRENCY="1", **SLOW_ENV) as server:
        master = server.proc.pid
        (worker,) = wait_for(lambda: children(master), 20, "the worker")
        outcome = {}

        def slow() -> None:
            try:
                outcome["status"] = post(server.port, SLOW_BATCH, path="/v1/quotes/batch")[0]
            except (OSError, http.client.HTTPException) as err:
                outcome["error"] = err

        thread = threading.Thread(target=slow)
        thread.start()
        before = cpu_ticks(worker)
        wait_for(lambda: cpu_ticks(worker) > before + 20, 20, "the worker to be busy")
        os.kill(worker, signal.SIGKILL)
        thread.join(timeout=60)
        # That request is lost with its worker: the client sees the connection drop.
        assert "error" in outcome, outcome

        replacement = wait_for(lambda: children(master) - {worker}, 30, "a new worker")
        assert worker not in children(master)
        status, _, body = post(server.port, {"text": '"Go now," said Jane Smith.'})
        assert status == 200 and json.loads(body)["quotes"]
        assert replacement == children(master)
        assert server.stop() == 0
    assert re.search(rf"Worker \(pid:{worker}\) was sent SIGKILL", server.log()), server.log()[-2000:]


# --- logs and metrics across workers ---------------------------------------------


def _scrape(port: int) -> dict[tuple, float]:
    status, headers, body = request(port, "GET", "/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(body.decode("utf-8")):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _get(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_and_logs_add_up_across_two_workers(tmp_path):
    text = article_of_size(5000)
    requests_sent = 60
    with _server(tmp_path, WEB_CONCURRENCY="2") as server:
        master = server.proc.pid
        wait_for(lambda: len(children(master)) == 2, 20, "2 workers")
        _, _, body = post(server.port, {"text": text}, headers={"X-Request-ID": "first"})
        quotes_each = len(json.loads(body)["quotes"])
        assert quotes_each > 0

        ids = iter(range(1, requests_sent))
        lock = threading.Lock()
        errors = []

        def client() -> None:
            while True:
                with lock:
                    n = next(ids, None)
                if n is None:
                    return
                status, headers, _ = post(server.port, {"text": text}, headers={"X-Request-ID": f"m{n}"})
                if status != 200 or headers["X-Request-ID"] != f"m{n}":
                    errors.append((n, status))

        threads = [threading.Thread(target=client) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors

        ok = {"endpoint": "/v1/quotes", "method": "POST", "status": "200"}
        # A request is counted once its answer has gone out, which is also when
        # its client moves on: give the last ones a moment to be counted.
        wait_for(lambda: _get(_scrape(server.port), "quotes_http_requests_total", **ok) == requests_sent,
                 10, "every request to be counted")
        for _ in range(6):  # whichever worker answers the scrape, the sums are whole
            samples = _scrape(server.port)
            assert _get(samples, "quotes_http_requests_total", **ok) == requests_sent
            assert _get(samples, "quotes_http_request_duration_seconds_count", **ok) == requests_sent
            assert _get(samples, "quotes_engine_duration_seconds_count", endpoint="/v1/quotes") == requests_sent
            assert (_get(samples, "quotes_returned_total", endpoint="/v1/quotes", type="direct")
                    + _get(samples, "quotes_returned_total", endpoint="/v1/quotes", type="indirect")
                    + _get(samples, "quotes_returned_total", endpoint="/v1/quotes", type="mixed")
                    ) == requests_sent * quotes_each
        assert server.stop() == 0

    lines = log_lines(server)  # every line of output is JSON
    access = [l for l in lines if l["logger"] == "service.access" and l["path"] == "/v1/quotes"]
    assert sorted(l["request_id"] for l in access) == sorted(
        ["first"] + [f"m{n}" for n in range(1, requests_sent)]
    )
    served_by = {l["pid"] for l in access}
    assert len(served_by) == 2, "both workers should have served requests"
    scrapes_by = {l["pid"] for l in lines if l.get("path") == "/metrics"}
    assert scrapes_by  # (and whichever pid answered, the sums above held)
    for line in access:
        assert line["status"] == 200 and line["text_chars"] == len(text)
        assert line["quotes"] == quotes_each and line["duration_ms"] > 0
    assert text[:60] not in server.log()
    assert any(l["logger"] == "gunicorn.error" for l in lines)


def test_request_ids_through_gunicorn(tmp_path):
    with _server(tmp_path, WEB_CONCURRENCY="1") as server:
        _, headers, _ = request(server.port, "GET", "/health", headers={"X-Request-ID": "abc.DEF_1-2"})
        assert headers["X-Request-ID"] == "abc.DEF_1-2"
        _, headers, _ = request(server.port, "GET", "/nope", headers={"X-Request-ID": "bad id!"})
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
        assert server.stop() == 0
