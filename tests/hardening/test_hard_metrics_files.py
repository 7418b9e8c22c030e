"""The metrics directory does not grow with every worker that ever lived:
when a worker exits, its counters are folded into one archive file per kind
and its own files removed, and no count is lost or counted twice."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from rawhttp import exchange, start_server, wait_for_children

from service import metrics

OK = (("endpoint", "/v1/quotes"), ("method", "POST"), ("status", "200"))


def _samples(text: str) -> dict:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def _scrape(port: int) -> dict:
    raw = exchange(port, b"GET /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), head
    return _samples(body.decode())


def _quote(port: int) -> None:
    body = json.dumps({"text": '"Go now," said Jane Smith.'}).encode()
    raw = exchange(port, b"POST /v1/quotes HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                         b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert raw.startswith(b"HTTP/1.1 200 "), raw[:200]


def _wait_for_count(port: int, count: int, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        samples = _scrape(port)
        if samples.get(("quotes_http_requests_total", OK)) == count or time.monotonic() > deadline:
            return samples
        time.sleep(0.05)


DEATHS = 20


def test_workers_killed_again_and_again_leave_no_files_behind(tmp_path):
    directory = tmp_path / "metrics"
    with start_server(tmp_path, WEB_CONCURRENCY="1") as server:
        (worker,) = wait_for_children(server.proc.pid, 1)
        for death in range(DEATHS):
            _quote(server.port)
            # counted (the worker writes its counters once the answer is out)
            samples = _wait_for_count(server.port, death + 1)
            assert samples.get(("quotes_http_requests_total", OK)) == death + 1, death
            # killed outright, or asked to stop, in turn
            os.kill(worker, signal.SIGKILL if death % 2 else signal.SIGTERM)
            (worker,) = wait_for_children(server.proc.pid, 1, old={worker})
        samples = _wait_for_count(server.port, DEATHS)
        # (the scrapes themselves are counted too, by whichever worker answered)
        files = sorted(p.name for p in directory.glob("*.db"))
        assert server.stop() == 0
    assert samples[("quotes_http_requests_total", OK)] == DEATHS
    assert samples[("quotes_http_request_duration_seconds_count", OK)] == DEATHS
    # the live worker's files and one archive per kind: not one file per dead worker
    assert len(files) <= 4, files
    assert {"counter_archive.db", "histogram_archive.db"} <= set(files)
    assert "Traceback" not in server.log()


def _one_worker_files(directory: Path) -> dict[str, Path]:
    """A worker's real metric files: one request counted by a process of its own."""
    code = (
        "from service import metrics; "
        "metrics.observe_request('/v1/quotes', 'POST', 200, 0.02); "
        "metrics.observe_engine('/v1/quotes', 0.01, ['direct', 'direct'])"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60,
                   cwd=Path(__file__).resolve().parents[2])
    return {p.name.split("_")[0]: p for p in directory.glob("*.db")}


def test_thousands_of_dead_workers_fold_into_two_files(tmp_path, monkeypatch):
    source = tmp_path / "one"
    source.mkdir()
    files = _one_worker_files(source)
    assert set(files) == {"counter", "histogram"}
    directory = tmp_path / "metrics"
    directory.mkdir()
    dead = 2000
    for pid in range(100_000, 100_000 + dead):
        for kind, path in files.items():
            shutil.copyfile(path, directory / f"{kind}_{pid}.db")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))

    started = time.perf_counter()
    before = _samples(metrics.exposition().decode())
    scrape_before = time.perf_counter() - started
    for pid in range(100_000, 100_000 + dead):
        metrics.absorb_dead_process(pid, str(directory))
    assert sorted(p.name for p in directory.glob("*.db")) == ["counter_archive.db", "histogram_archive.db"]
    started = time.perf_counter()
    after = _samples(metrics.exposition().decode())
    scrape_after = time.perf_counter() - started

    assert after == before  # every count kept, none twice
    assert after[("quotes_http_requests_total", OK)] == dead
    assert after[("quotes_returned_total", (("endpoint", "/v1/quotes"), ("type", "direct")))] == 2 * dead
    assert scrape_after < scrape_before, (scrape_after, scrape_before)


def test_a_scrape_and_a_fold_do_not_overlap(tmp_path, monkeypatch):
    """A scrape holds the directory's lock shared; a fold waits for it."""
    files = _one_worker_files(tmp_path)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    pid = int(files["counter"].stem.split("_")[1])
    with metrics._locked(str(tmp_path), exclusive=False):
        folder = subprocess.Popen(
            [sys.executable, "-c", f"from service import metrics; metrics.absorb_dead_process({pid}, {str(tmp_path)!r})"],
            cwd=Path(__file__).resolve().parents[2])
        time.sleep(0.5)
        assert folder.poll() is None  # waiting for the scrape to finish
        assert files["counter"].exists()
    assert folder.wait(timeout=30) == 0
    assert not files["counter"].exists()
    assert (tmp_path / "counter_archive.db").exists()
