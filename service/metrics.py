"""Prometheus metrics of the HTTP service, served at ``GET /metrics``.

==========================================  =========  =============================
Metric                                      Kind       Labels
==========================================  =========  =============================
``quotes_http_requests_total``              counter    endpoint, method, status
``quotes_http_request_duration_seconds``    histogram  endpoint, method, status
``quotes_engine_duration_seconds``          histogram  endpoint
``quotes_engine_timeouts_total``            counter    endpoint
``quotes_returned_total``                   counter    endpoint, type
==========================================  =========  =============================

``endpoint`` is the route as Flask declares it (``/v1/quotes``,
``/static/<path:filename>``), or ``unmatched`` for a path no route serves,
so a client cannot grow the label set by inventing paths; ``method`` is one
of the methods HTTP defines, else ``other``.  Engine time is per document
(a batch of ten adds ten observations).

Several gunicorn workers: gunicorn.conf.py points ``PROMETHEUS_MULTIPROC_DIR``
at a fresh directory before the app is imported.  prometheus_client then keeps
each worker's samples in a memory-mapped file there, and every scrape, whichever
worker answers it, adds up all of them.  When a worker exits, the master folds
its counters and histograms into one archive file per kind
(:func:`absorb_dead_process`, from gunicorn's ``child_exit`` hook) and removes
its files: counters never go backwards when a worker is recycled, and the
directory holds the live workers' files and the archives however many workers
have come and gone, so a scrape reads as many files after a thousand worker
deaths as after none.  A scrape and a merge never overlap (a shared and an
exclusive lock on ``merge.lock`` in the directory), so no scrape sees a dead
worker's samples twice, or not at all.  Without the variable (the Flask test
client, a single process) the metrics live in this process's default registry.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess
from prometheus_client.mmap_dict import MmapedDict

#: ``Content-Type`` of the exposition: the classic text format every scraper reads.
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

#: Label for requests no route matched.
UNMATCHED = "unmatched"

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"})

# Seconds: from a health check to a large article on a busy server.
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "quotes_http_requests_total",
    "HTTP requests answered, by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "quotes_http_request_duration_seconds",
    "Time from receiving a request to sending the last byte of its answer.",
    ["endpoint", "method", "status"],
    buckets=_LATENCY_BUCKETS,
)
ENGINE_SECONDS = Histogram(
    "quotes_engine_duration_seconds",
    "Time the quotation engine spent on one document.",
    ["endpoint"],
    buckets=_LATENCY_BUCKETS,
)
ENGINE_TIMEOUTS = Counter(
    "quotes_engine_timeouts_total",
    "Documents whose analysis ran out of its time budget.",
    ["endpoint"],
)
QUOTES_RETURNED = Counter(
    "quotes_returned_total",
    "Quotations returned to clients, by endpoint and quotation type.",
    ["endpoint", "type"],
)


def method_label(method: str) -> str:
    """The method as a label value; unknown methods share one value."""
    return method if method in _METHODS else "other"


def observe_request(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    labels = (endpoint or UNMATCHED, method_label(method), str(status))
    REQUESTS.labels(*labels).inc()
    REQUEST_SECONDS.labels(*labels).observe(seconds)


def observe_engine(endpoint: str, seconds: float, quote_types: list[str] | None) -> None:
    """One document through the engine; ``quote_types`` is None when it timed out."""
    ENGINE_SECONDS.labels(endpoint).observe(seconds)
    if quote_types is None:
        ENGINE_TIMEOUTS.labels(endpoint).inc()
        return
    counts: dict[str, int] = {}
    for kind in quote_types:
        counts[kind] = counts.get(kind, 0) + 1
    for kind, count in counts.items():
        QUOTES_RETURNED.labels(endpoint, kind).inc(count)


def multiprocess_dir() -> str | None:
    """The shared directory of a multi-worker server, or None."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition() -> bytes:
    """Every metric in the Prometheus text format, summed over all workers."""
    directory = multiprocess_dir()
    if directory:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
        with _locked(directory, exclusive=False):
            return generate_latest(registry)
    return generate_latest(REGISTRY)


#: Kinds of metric file whose samples add up across processes (all this
#: service has); live gauges' files are removed by ``mark_process_dead``.
_SUMMED_KINDS = ("counter", "histogram")
#: ``counter_archive.db``: what exited workers counted.
_ARCHIVE = "archive"
_LOCK_FILE = "merge.lock"


@contextmanager
def _locked(directory: str, exclusive: bool):
    fd = os.open(os.path.join(directory, _LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # and with it the lock


def absorb_dead_process(pid: int, directory: str | None = None) -> None:
    """Fold an exited worker's counters and histograms into the archive
    files and remove its own files (and its live gauges').

    Each archive is written whole to a new file that then replaces it, so a
    worker killed half-way through nothing, and a master killed half-way
    through this, leave no half-written archive.
    """
    directory = directory or multiprocess_dir()
    if not directory:
        return
    with _locked(directory, exclusive=True):
        for kind in _SUMMED_KINDS:
            dead = os.path.join(directory, f"{kind}_{pid}.db")
            if not os.path.exists(dead):
                continue
            archive = os.path.join(directory, f"{kind}_{_ARCHIVE}.db")
            totals: dict[str, float] = {}
            for path in (archive, dead):
                if os.path.exists(path):
                    for key, value, _timestamp, _pos in MmapedDict.read_all_values_from_file(path):
                        totals[key] = totals.get(key, 0.0) + value
            fresh = archive + ".new"  # not *.db: scrapes never read it
            if os.path.exists(fresh):
                os.remove(fresh)
            values = MmapedDict(fresh)
            try:
                for key, value in totals.items():
                    values.write_value(key, value, 0.0)
            finally:
                values.close()
            os.replace(fresh, archive)
            os.remove(dead)
        multiprocess.mark_process_dead(pid, directory)
