"""Slow clients cannot pin the real gunicorn (started as the Procfile starts it):
with 200 connections sending their headers a byte a second, 200 sending a
body a byte a second and 200 never reading a 2.4 MB answer all open at once,
/health and /v1/quotes go on answering within a second, and each slow
connection is closed once the configured client timeout has passed, not
before.

Loopback only; the slow clients stop by themselves after a bounded time, and
every loop here is bounded in count and time.
"""

from __future__ import annotations

import json
import threading
import time

from rawhttp import children, cpu_ticks, log_lines, start_server

from service.benchmark import article_of_size, post_json
from service.slow_clients import SlowClients, probe

#: A client timeout shorter than the default (20 s), so that the test sees
#: the connections closed, and longer than the server needs to write the
#: readers' first 30-odd answers each (about 5 s of CPU here).
TIMEOUT = 15
PER_KIND = 200


def _worker_cpu_ticks(master: int) -> int:
    """utime + stime of the master's children (the workers)."""
    return sum(cpu_ticks(worker) for worker in children(master))


def _settle(master: int, limit: float = 30.0) -> float:
    """Wait until the workers have spent less than 0.05 s of CPU in the last
    half second (the readers' answers are written as far as they will go);
    the seconds it took."""
    started = time.monotonic()
    before = _worker_cpu_ticks(master)
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = _worker_cpu_ticks(master)
        if now - before < 5:
            break
        before = now
    return time.monotonic() - started


def test_slow_clients_do_not_pin_workers_and_are_closed_after_the_timeout(tmp_path):
    with start_server(tmp_path, WEB_CONCURRENCY="2", GUNICORN_CLIENT_TIMEOUT=str(TIMEOUT)) as server:
        counts = {"header": PER_KIND, "body": PER_KIND, "reader": PER_KIND}
        results: list = []
        stop = threading.Event()
        prober = threading.Thread(
            target=lambda: results.extend(probe(server.port, 60, interval=0.2, timeout=10, stop=stop)))
        with SlowClients(server.port, counts, max_seconds=60) as slow:
            opened = time.monotonic()
            prober.start()
            settled_after = _settle(server.proc.pid)
            settled = time.monotonic()
            # Every slow connection is still open: none was closed early...
            open_now = slow.still_open()
            assert settled - opened < TIMEOUT - 4, f"took {settled_after:.1f}s to settle"
            assert open_now == counts, open_now
            # A few seconds with all of them open.
            time.sleep(3)
            assert slow.still_open() == counts
            # ... and all are closed once the timeout (plus the 2 s a closing
            # connection lingers, and a second of slack) has passed.
            deadline = time.monotonic() + TIMEOUT + 15
            while slow.still_open() and time.monotonic() < deadline:
                time.sleep(0.25)
            lifetimes = slow.lifetimes()
            still = slow.still_open()
            stop.set()
            prober.join(timeout=30)

        assert not still, f"still open {TIMEOUT + 15}s later: {dict(still)}"
        for kind in ("header", "body"):
            # The first byte went out on opening: the deadline counts from it.
            assert min(lifetimes[kind]) >= TIMEOUT - 0.5, (kind, min(lifetimes[kind]))
            assert max(lifetimes[kind]) <= TIMEOUT + 4, (kind, max(lifetimes[kind]))
        # A reader's deadline counts from the first byte of the answer it stopped taking.
        assert min(lifetimes["reader"]) >= TIMEOUT - 0.5
        assert max(lifetimes["reader"]) <= settled - opened + TIMEOUT + 4

        # Normal clients were answered throughout, within a second once the
        # readers' answers had been written as far as they go (before that,
        # the server was busy writing 200 x 64 answers: within 5 s).
        assert results, "no probe ran"
        assert {p.path for p in results} == {"/health", "/v1/quotes"}
        failed = [p for p in results if p.status != 200 or p.error]
        assert not failed, failed[:5]
        steady = [p for p in results if p.started >= settled]
        assert len(steady) >= 10
        slow_probes = [(p.path, round(p.seconds, 3)) for p in steady if p.seconds > 1.0]
        assert not slow_probes, slow_probes
        assert max(p.seconds for p in results) < 5

        # The server survives it, and said what it did in one line each.
        status = server.stop()
        assert status == 0
    lines = log_lines(server)
    assert "Traceback" not in server.log()
    assert not [l for l in lines if l["level"] in {"error", "critical"}], \
        [l for l in lines if l["level"] in {"error", "critical"}][:3]
    timeouts = [l for l in lines if l.get("status") == 408]
    assert len(timeouts) == 2 * PER_KIND, len(timeouts)
    abandoned = [l for l in lines if l["message"].startswith("Answer abandoned")]
    assert len(abandoned) == PER_KIND


def test_long_analyses_do_not_starve_health_checks(tmp_path):
    """One worker, both its turns at the engine taken by long batches the
    whole time: /health is answered by another thread within a second."""
    batch = json.dumps({"documents": [{"id": i, "text": article_of_size(450_000)} for i in range(2)]})
    with start_server(tmp_path, WEB_CONCURRENCY="1", QUOTES_MAX_BODY_BYTES="20000000",
                      QUOTES_ENGINE_TIMEOUT_S="20") as server:
        stop = threading.Event()
        done: list[int] = []

        def analyse() -> None:
            while not stop.is_set():
                status, _ = post_json(server.base_url + "/v1/quotes/batch", json.loads(batch), timeout=60)
                done.append(status)

        clients = [threading.Thread(target=analyse) for _ in range(2)]
        for thread in clients:
            thread.start()
        try:
            time.sleep(1)  # both batches under way
            results = probe(server.port, 8, interval=0.2, timeout=10, paths=("/health",))
        finally:
            stop.set()
            for thread in clients:
                thread.join(timeout=60)
        assert server.stop() == 0
    assert done and set(done) == {200}, done
    assert len(results) >= 20
    assert all(p.status == 200 for p in results), [p for p in results if p.status != 200][:3]
    slowest = max(p.seconds for p in results)
    assert slowest < 1.0, slowest
